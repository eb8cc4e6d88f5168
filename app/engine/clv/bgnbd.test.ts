import { describe, expect, it } from "vitest";
import { bgNbdLogLikelihood, fitBgNbd, prepareBgNbdData } from "./bgnbd";
import { seededRng } from "./random";
import { simulateBgNbd } from "./simulate";
import { logGamma } from "./special-functions";
import { InvalidSummaryError, type BgNbdParams, type CustomerSummary } from "./types";

const TRUE: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
// Customers acquired over a year and observed up to week 52, like a shop's real cohorts.
const cohortT = (i: number) => 52 - (i % 40);

/** The paper's likelihood written directly (no log-sum-exp), as a check on the fast version. */
function directLogLikelihood({ r, alpha, a, b }: BgNbdParams, rows: CustomerSummary[]): number {
  const B = (p: number, q: number) => Math.exp(logGamma(p) + logGamma(q) - logGamma(p + q));
  return rows.reduce((s, { frequency: x, recency: tx, T }) => {
    const A1 = Math.exp(logGamma(r + x) - logGamma(r)) * Math.pow(alpha, r);
    const A2 = B(a, b + x) / B(a, b);
    const A3 = Math.pow(1 / (alpha + T), r + x);
    const A4 = x > 0 ? (a / (b + x - 1)) * Math.pow(1 / (alpha + tx), r + x) : 0;
    return s + Math.log(A1 * A2 * (A3 + A4));
  }, 0);
}

describe("BG/NBD likelihood", () => {
  it("equals the paper's formula evaluated directly", () => {
    const rows = simulateBgNbd(TRUE, 300, cohortT, seededRng(3));
    const fast = bgNbdLogLikelihood(TRUE, prepareBgNbdData(rows));
    expect(fast).toBeCloseTo(directLogLikelihood(TRUE, rows), 8);
  });
  it("stays finite for heavy buyers where the direct form underflows", () => {
    const rows = [{ frequency: 400, recency: 300, T: 310 }];
    expect(Number.isFinite(bgNbdLogLikelihood(TRUE, prepareBgNbdData(rows)))).toBe(true);
  });
  it("accepts a customer first seen on the last day (T = 0), who adds nothing to the likelihood", () => {
    const data = prepareBgNbdData([{ frequency: 0, recency: 0, T: 0 }]);
    expect(bgNbdLogLikelihood(TRUE, data)).toBeCloseTo(0, 12);
  });
  it("is NaN for non-positive parameters (so the optimiser avoids them)", () => {
    expect(bgNbdLogLikelihood({ ...TRUE, r: 0 }, prepareBgNbdData([{ frequency: 0, recency: 0, T: 10 }]))).toBeNaN();
  });
});

describe("fitBgNbd", () => {
  it("recovers known parameters within their 95 % intervals", () => {
    const rows = simulateBgNbd(TRUE, 10_000, cohortT, seededRng(2026));
    const fit = fitBgNbd(rows);
    if (fit.status !== "ok") throw new Error(fit.reason);
    expect(fit.converged).toBe(true);
    for (const k of fit.names) {
      const { interval95, standardError } = fit.uncertainty![k];
      expect(interval95.lower).toBeLessThan(TRUE[k]);
      expect(interval95.upper).toBeGreaterThan(TRUE[k]);
      expect(standardError).toBeGreaterThan(0);
    }
  });
  it("has intervals that cover the truth about 95 % of the time", () => {
    let covered = 0;
    let total = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const fit = fitBgNbd(simulateBgNbd(TRUE, 2000, cohortT, seededRng(seed)));
      if (fit.status !== "ok" || !fit.uncertainty) throw new Error("fit failed");
      for (const k of fit.names) {
        total++;
        const { lower, upper } = fit.uncertainty[k].interval95;
        if (lower < TRUE[k] && TRUE[k] < upper) covered++;
      }
    }
    // 80 intervals at 95 %: expect ~76; fewer than 70 would mean the intervals are too narrow.
    expect(covered).toBeGreaterThanOrEqual(70);
    expect(total).toBe(80);
  });
  it("reports insufficient data below 100 repeat customers instead of fitting", () => {
    const rows = simulateBgNbd(TRUE, 5000, cohortT, seededRng(9));
    const few = [...rows.filter((r) => r.frequency > 0).slice(0, 99), ...rows.filter((r) => r.frequency === 0)];
    const result = fitBgNbd(few);
    expect(result).toMatchObject({ status: "insufficient-data", repeatCustomers: 99, required: 100 });
    if (result.status === "insufficient-data") expect(result.reason).toMatch(/at least 100 repeat customers/);
  });
  it("fits from 100 repeat customers, and says when the data cannot identify a parameter", () => {
    const rows = simulateBgNbd(TRUE, 5000, cohortT, seededRng(9));
    const small = rows.slice(0, 400);
    expect(small.filter((r) => r.frequency > 0).length).toBeGreaterThanOrEqual(100);
    expect(fitBgNbd(small).status).toBe("ok");
    // Every repeat buyer bought on the last day: nobody looks gone, so the dropout Beta(a, b) has
    // its mass pushed to p = 0 and b runs to the search bound.
    const few = Array.from({ length: 400 }, (_, i) => (i < 150 ? { frequency: 1 + (i % 5), recency: 40, T: 40 } : { frequency: 0, recency: 0, T: 40 }));
    const degenerate = fitBgNbd(few, { minRepeatCustomers: 50 });
    if (degenerate.status !== "ok") throw new Error("expected a fit");
    expect(degenerate.atBounds.length).toBeGreaterThan(0);
    expect(degenerate.converged).toBe(false);
    expect(degenerate.uncertainty).toBeNull();
  });
  it("rejects impossible rows, naming the row", () => {
    expect(() => fitBgNbd([{ frequency: 1, recency: 5, T: 3 }])).toThrow(InvalidSummaryError);
    expect(() => fitBgNbd([{ frequency: 0, recency: 0, T: 3 }, { frequency: 1.5, recency: 1, T: 3 }])).toThrow(/row 2: frequency/);
    expect(() => fitBgNbd([{ frequency: 0, recency: 2, T: 3 }])).toThrow(/recency must be 0/);
    expect(() => fitBgNbd([{ frequency: Number.NaN, recency: 0, T: 3 }])).toThrow(/must be numbers/);
  });
});
