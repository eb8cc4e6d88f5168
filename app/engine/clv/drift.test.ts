import { describe, expect, it } from "vitest";
import { scoreDrift } from "./drift";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("scoreDrift", () => {
  it("is 0 for the same distribution", () => {
    const d = scoreDrift(range(100), range(100));
    expect(d.status === "ok" && d.psi).toBe(0);
    expect(d.status === "ok" && d.bins.length).toBe(10);
  });
  it("matches a hand-computed PSI on two bins", () => {
    // Edge at the median 5.5: previous 50/50, current 5/8 and 3/8.
    // PSI = 0.125 ln 1.25 + (−0.125) ln 0.75 = 0.0638532
    const d = scoreDrift(range(10), range(8), 2);
    if (d.status !== "ok") throw new Error("no baseline");
    expect(d.psi).toBeCloseTo(0.0638532, 6);
    expect(d.level).toBe("stable");
    expect(d.bins.map((b) => [b.previous, b.current])).toEqual([[0.5, 0.5 + 0.125], [0.5, 0.375]]);
  });
  it("flags a shifted distribution as significant", () => {
    const d = scoreDrift(range(100), range(100).map((x) => x + 60));
    expect(d.status === "ok" && d.level).toBe("significant");
  });
  it("has no baseline on the first run", () => {
    expect(scoreDrift([], [1, 2])).toEqual({ status: "no-baseline", currentN: 2 });
  });
});
