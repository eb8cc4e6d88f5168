import { describe, expect, it } from "vitest";
import { fitBgNbd } from "./bgnbd";
import { expectedPurchases } from "./bgnbd-predict";
import { expectedAverageSpend, fitGammaGamma } from "./gamma-gamma";
import { lifetimeValue, lifetimeValueWithInterval, unitsPerMonth } from "./lifetime-value";
import { seededRng } from "./random";
import { simulateBgNbd, simulateMeanSpend } from "./simulate";

const BG = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
const GG = { p: 6.25, q: 3.74, v: 15.44 };
const customer = { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };

describe("lifetimeValue", () => {
  it("without discounting is expected spend × expected purchases over the year", () => {
    const year = 12 * unitsPerMonth("weeks");
    const value = lifetimeValue(BG, GG, customer, { unit: "weeks", monthlyDiscountRate: 0 });
    expect(value).toBeCloseTo(expectedAverageSpend(GG, 2, 22.35) * expectedPurchases(BG, year, customer), 10);
  });
  it("is lower with a higher discount rate and the same in days as in weeks", () => {
    const at1 = lifetimeValue(BG, GG, customer, { unit: "weeks", monthlyDiscountRate: 0.01 });
    expect(at1).toBeLessThan(lifetimeValue(BG, GG, customer, { unit: "weeks", monthlyDiscountRate: 0 }));
    expect(lifetimeValue(BG, GG, customer, { unit: "weeks", monthlyDiscountRate: 0.05 })).toBeLessThan(at1);
    const inDays = { ...BG, alpha: BG.alpha * 7 };
    const dayCustomer = { ...customer, recency: customer.recency * 7, T: customer.T * 7 };
    expect(lifetimeValue(inDays, GG, dayCustomer, { unit: "days", monthlyDiscountRate: 0.01 })).toBeCloseTo(at1, 8);
  });
  it("comes with a reproducible interval around the estimate", () => {
    const rng = seededRng(5);
    const rows = simulateBgNbd(BG, 3000, 39, rng).map((r) => ({ ...r, monetaryValue: simulateMeanSpend(GG, r.frequency, rng) }));
    const bg = fitBgNbd(rows);
    const gg = fitGammaGamma(rows);
    if (bg.status !== "ok" || gg.status !== "ok") throw new Error("fits failed");
    const options = { unit: "weeks" as const, monthlyDiscountRate: 0.01, draws: 200 };
    const a = lifetimeValueWithInterval(bg, gg, customer, { ...options, rng: seededRng(1) });
    const b = lifetimeValueWithInterval(bg, gg, customer, { ...options, rng: seededRng(1) });
    expect(a).toEqual(b);
    if (a.lower === null) throw new Error("no interval");
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    const flat = lifetimeValueWithInterval({ ...bg, logCovariance: null }, gg, customer, { ...options, rng: seededRng(1) });
    expect(flat).toMatchObject({ estimate: a.estimate, lower: null, upper: null });
  });
});
