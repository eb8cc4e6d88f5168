import { describe, expect, it } from "vitest";
import { hyp2f1, logAddExp, logBeta, logGamma } from "./special-functions";

describe("logGamma", () => {
  it("matches known values across the range the likelihoods use", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
    expect(logGamma(100)).toBeCloseTo(359.13420536957540, 9);
    expect(logGamma(1e-8)).toBeCloseTo(18.420680738180209, 7);
  });
  it("satisfies Γ(x + 1) = x Γ(x)", () => {
    for (const x of [0.243, 0.793, 2.43, 17.5, 250.25]) expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 11);
  });
  it("is NaN outside its domain", () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
  });
});

describe("logBeta and logAddExp", () => {
  it("logBeta(a, b) = ln(Γ(a)Γ(b)/Γ(a + b))", () => {
    expect(logBeta(1, 1)).toBeCloseTo(0, 14);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 13);
  });
  it("adds in log space without overflow or underflow", () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(-1000, -1001)).toBeCloseTo(-1000 + Math.log1p(Math.exp(-1)), 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
  });
});

describe("hyp2f1", () => {
  it("matches closed forms", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
      expect(hyp2f1(2.5, 1.3, 1.3, z) / Math.pow(1 - z, -2.5)).toBeCloseTo(1, 10);
      const s = Math.sqrt(z);
      expect(hyp2f1(0.5, 0.5, 1.5, z)).toBeCloseTo(Math.asin(s) / s, 10);
    }
  });
  it("gives the same value through Euler's transformation as by the direct series", () => {
    // a + b > c takes the transformed route; the direct series (tiny tolerance) still converges here.
    for (const [a, b, c, z] of [[2.243, 4.426, 5.219, 0.47], [7.24, 9.43, 10.2, 0.3], [0.5, 0.7, 1.1, 0.8]] as const) {
      let term = 1;
      let direct = 1;
      for (let j = 0; j < 20_000; j++) direct += term *= ((a + j) * (b + j)) / ((c + j) * (j + 1)) * z;
      expect(hyp2f1(a, b, c, z) / direct).toBeCloseTo(1, 11);
    }
  });
  it("is 1 at z = 0 and terminates for a negative-integer a", () => {
    expect(hyp2f1(3, 4, 5, 0)).toBe(1);
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    expect(hyp2f1(-2, 3, 4, 0.5)).toBeCloseTo(1 - (2 * 3 * 0.5) / 4 + (3 * 4 * 0.25) / (4 * 5), 14);
  });
  it("refuses |z| ≥ 1 and says when the series has not converged", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, 0.999, { maxTerms: 10 })).toThrow(/did not converge/);
  });
});
