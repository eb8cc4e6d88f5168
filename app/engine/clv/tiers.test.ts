import { describe, expect, it } from "vitest";
import { assignTiers, quantileSorted } from "./tiers";

describe("assignTiers", () => {
  it("cuts at the 95th, 80th and 50th percentiles (hand-computed on 0…19)", () => {
    const clvs = Array.from({ length: 20 }, (_, i) => 19 - i); // any order: tiers come back in input order
    const { tiers, thresholds } = assignTiers(clvs);
    // h = 19p: 18.05, 15.2, 9.5
    expect(thresholds.platinum).toBeCloseTo(18.05, 10);
    expect(thresholds.gold).toBeCloseTo(15.2, 10);
    expect(thresholds.silver).toBeCloseTo(9.5, 10);
    const byValue = Object.fromEntries(clvs.map((c, i) => [c, tiers[i]]));
    expect(byValue[19]).toBe("platinum");
    expect([16, 17, 18].map((v) => byValue[v])).toEqual(["gold", "gold", "gold"]);
    expect([10, 15].map((v) => byValue[v])).toEqual(["silver", "silver"]);
    expect([0, 9].map((v) => byValue[v])).toEqual(["bronze", "bronze"]);
  });
  it("puts equal values in one tier and takes configurable quantiles", () => {
    expect(new Set(assignTiers([5, 5, 5, 5]).tiers)).toEqual(new Set(["platinum"]));
    const { tiers } = assignTiers([1, 2, 3, 4], { platinum: 0.9, gold: 0.6, silver: 0.3 });
    // thresholds 3.7, 2.8, 1.9
    expect(tiers).toEqual(["bronze", "silver", "gold", "platinum"]);
  });
  it("refuses quantiles that do not rise", () => {
    expect(() => assignTiers([1, 2], { platinum: 0.5, gold: 0.8, silver: 0.2 })).toThrow();
  });
  it("quantileSorted interpolates linearly", () => {
    expect(quantileSorted([10, 20], 0.25)).toBe(12.5);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
