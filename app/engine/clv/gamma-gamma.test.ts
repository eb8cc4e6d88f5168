import { describe, expect, it } from "vitest";
import { expectedAverageSpend, fitGammaGamma, gammaGammaLogLikelihood } from "./gamma-gamma";
import { seededRng, type Rng } from "./random";
import { simulateMeanSpend } from "./simulate";
import { logGamma } from "./special-functions";
import type { CustomerSummary, GammaGammaParams } from "./types";

const TRUE: GammaGammaParams = { p: 6, q: 4, v: 15 };

function simulateSpend(params: GammaGammaParams, customers: number, rng: Rng): CustomerSummary[] {
  return Array.from({ length: customers }, (_, i) => {
    const x = 1 + (i % 6);
    return { frequency: x, recency: 10, T: 20, monetaryValue: simulateMeanSpend(params, x, rng) };
  });
}

describe("Gamma-Gamma", () => {
  it("has the log-likelihood of the mean of x Gamma(p, ν) values mixed over ν ~ Gamma(q, v)", () => {
    // One customer, x = 2, m = 10: the density of m̄ written out term by term.
    const { p, q, v } = TRUE;
    const x = 2;
    const m = 10;
    const direct = logGamma(p * x + q) - logGamma(p * x) - logGamma(q) + q * Math.log(v) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(v + x * m);
    expect(gammaGammaLogLikelihood(TRUE, [{ frequency: x, recency: 1, T: 2, monetaryValue: m }, { frequency: 0, recency: 0, T: 2 }])).toBeCloseTo(direct, 10);
  });
  it("recovers known parameters within their 95 % intervals", () => {
    const fit = fitGammaGamma(simulateSpend(TRUE, 5000, seededRng(11)));
    if (fit.status !== "ok") throw new Error(fit.reason);
    for (const k of fit.names) {
      const { lower, upper } = fit.uncertainty![k].interval95;
      expect(lower).toBeLessThan(TRUE[k]);
      expect(upper).toBeGreaterThan(TRUE[k]);
    }
  });
  it("fits only repeat customers and needs 100 of them", () => {
    const rows = simulateSpend(TRUE, 99, seededRng(1));
    const result = fitGammaGamma([...rows, { frequency: 0, recency: 0, T: 20, monetaryValue: 0 }]);
    expect(result).toMatchObject({ status: "insufficient-data", repeatCustomers: 99 });
  });
  it("refuses a repeat customer without a positive monetary value", () => {
    expect(() => fitGammaGamma([{ frequency: 2, recency: 1, T: 3, monetaryValue: 0 }])).toThrow(/monetary value/);
  });
  it("shrinks a customer's mean spend toward the population mean, less so with more purchases", () => {
    const population = (TRUE.p * TRUE.v) / (TRUE.q - 1);
    expect(expectedAverageSpend(TRUE, 0, 0)).toBeCloseTo(population, 12);
    const one = expectedAverageSpend(TRUE, 1, 100);
    const ten = expectedAverageSpend(TRUE, 10, 100);
    expect(one).toBeGreaterThan(population);
    expect(ten).toBeGreaterThan(one);
    expect(ten).toBeLessThan(100);
  });
});
