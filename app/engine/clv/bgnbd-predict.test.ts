import { describe, expect, it } from "vitest";
import { expectedPurchases, expectedPurchasesNewCustomer, probabilityAlive } from "./bgnbd-predict";
import { logBeta } from "./special-functions";
import type { BgNbdParams } from "./types";

// The CDNOW estimates as published (Fader, Hardie & Lee 2005, table in section 5).
const CDNOW: BgNbdParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };

/**
 * An independent route to the same expectations, without ₂F₁: given (λ, p) an active customer makes
 * (1 − e^{−λpt})/p purchases in t; averaging λ ~ Gamma(shape, rate) gives (1 − (rate/(rate + pt))^shape)/p,
 * and p ~ Beta(pa, pb) is integrated numerically (p = u^{1/pa} removes the p^{pa−1} singularity).
 */
function integratedExpectation(shape: number, rate: number, pa: number, pb: number, t: number): number {
  const n = 20_000; // Simpson, even
  const f = (u: number) => {
    if (u === 0) return (shape * t) / rate; // the limit p → 0
    const p = Math.pow(u, 1 / pa);
    return ((1 - Math.pow(rate / (rate + p * t), shape)) / p) * Math.pow(1 - p, pb - 1);
  };
  let s = f(0) + f(1);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i / n);
  return (s / (3 * n)) / (pa * Math.exp(logBeta(pa, pb)));
}

describe("BG/NBD predictions", () => {
  it("reproduces the paper's example: x = 2, t_x = 30.43, T = 38.86 → 1.226 purchases in the next 39 weeks", () => {
    const history = { frequency: 2, recency: 30.43, T: 38.86 };
    expect(expectedPurchases(CDNOW, 39, history)).toBeCloseTo(1.226, 3);
    expect(probabilityAlive(CDNOW, history)).toBeCloseTo(0.7266, 4);
  });
  it("agrees with direct numerical integration over the posterior", () => {
    for (const h of [
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 7, recency: 35, T: 38 },
      { frequency: 1, recency: 2, T: 30 },
    ]) {
      for (const t of [1, 39, 52]) {
        const { r, alpha, a, b } = CDNOW;
        const x = h.frequency;
        const expected = probabilityAlive(CDNOW, h) * integratedExpectation(r + x, alpha + h.T, a, b + x, t);
        expect(expectedPurchases(CDNOW, t, h) / expected).toBeCloseTo(1, 5);
      }
    }
    expect(expectedPurchasesNewCustomer(CDNOW, 39) / integratedExpectation(CDNOW.r, CDNOW.alpha, CDNOW.a, CDNOW.b, 39)).toBeCloseTo(1, 5);
  });
  it("gives P(alive) = 1 without repeat purchases and lower P(alive) the longer since the last one", () => {
    expect(probabilityAlive(CDNOW, { frequency: 0, recency: 0, T: 38.86 })).toBe(1);
    const recent = probabilityAlive(CDNOW, { frequency: 3, recency: 37, T: 38 });
    const lapsed = probabilityAlive(CDNOW, { frequency: 3, recency: 5, T: 38 });
    expect(recent).toBeGreaterThan(lapsed);
    expect(lapsed).toBeGreaterThan(0);
  });
  it("expects nothing over an empty horizon and more over a longer one", () => {
    const h = { frequency: 2, recency: 30.43, T: 38.86 };
    expect(expectedPurchases(CDNOW, 0, h)).toBe(0);
    expect(expectedPurchases(CDNOW, 52, h)).toBeGreaterThan(expectedPurchases(CDNOW, 39, h));
  });
});
