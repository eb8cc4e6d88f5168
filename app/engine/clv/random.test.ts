import { describe, expect, it } from "vitest";
import { beta, exponential, gamma, normal, seededRng } from "./random";

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};
const draw = (n: number, f: () => number) => Array.from({ length: n }, f);

describe("seeded randomness", () => {
  it("repeats a sequence for a seed and differs across seeds", () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const c = seededRng(43);
    const xs = draw(5, a);
    expect(draw(5, b)).toEqual(xs);
    expect(draw(5, c)).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it("draws normals, gammas (shape above and below 1), betas and exponentials with the right moments", () => {
    const rng = seededRng(7);
    const z = draw(50_000, () => normal(rng));
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(variance(z)).toBeCloseTo(1, 1);
    const g = draw(50_000, () => gamma(rng, 3, 2));
    expect(mean(g)).toBeCloseTo(1.5, 1);
    expect(variance(g)).toBeCloseTo(0.75, 1);
    const small = draw(50_000, () => gamma(rng, 0.25, 4));
    expect(mean(small) / 0.0625).toBeCloseTo(1, 1);
    const bs = draw(50_000, () => beta(rng, 0.8, 2.4));
    expect(mean(bs)).toBeCloseTo(0.25, 2);
    const e = draw(50_000, () => exponential(rng, 0.5));
    expect(mean(e) / 2).toBeCloseTo(1, 1);
  });
});
