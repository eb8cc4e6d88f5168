import { describe, expect, it } from "vitest";
import { seededRng } from "./random";
import { scoreCustomers } from "./score-customers";
import { simulateBgNbdTransactions } from "./simulate-transactions";
import type { Transaction } from "./summary";

const start = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const now = new Date(start + 52 * 7 * DAY);

function shop(customers: number, seed: number): Transaction[] {
  return simulateBgNbdTransactions(
    { r: 0.8, alpha: 6, a: 0.8, b: 2.5 },
    { customers, firstPurchase: (i) => new Date(start + (i % 180) * DAY), end: now, unit: "weeks", spend: { p: 6, q: 4, v: 150 }, rng: seededRng(seed) },
  );
}

describe("scoreCustomers", () => {
  it("scores every customer with the models when there are enough repeat customers", () => {
    const result = scoreCustomers(shop(400, 3), { now, rng: seededRng(1), draws: 60 });
    expect(result.status).toBe("ok");
    expect(result.repeatCustomers).toBeGreaterThanOrEqual(100);
    expect(result.scores).toHaveLength(400);
    for (const s of result.scores) {
      expect(s.source).toBe("model");
      expect(s.pAlive).toBeGreaterThanOrEqual(0);
      expect(s.pAlive).toBeLessThanOrEqual(1);
      expect(s.churnRisk).toBeCloseTo(1 - s.pAlive, 12);
      expect(s.clvLowMinor).not.toBeNull();
      expect(s.clvLowMinor!).toBeLessThanOrEqual(s.clvMinor);
      expect(s.clvHighMinor!).toBeGreaterThanOrEqual(s.clvMinor);
      expect(s.reasoning.length).toBeGreaterThan(10);
    }
    const platinum = result.scores.filter((s) => s.tier === "platinum");
    expect(platinum.length).toBeGreaterThanOrEqual(20);
    expect(platinum.length).toBeLessThanOrEqual(22);
    expect(Math.min(...platinum.map((s) => s.clvMinor))).toBeGreaterThanOrEqual(result.thresholds.platinum);
  });
  it("is reproducible for the same Rng seed", () => {
    const tx = shop(300, 4);
    expect(scoreCustomers(tx, { now, rng: seededRng(9), draws: 20 })).toEqual(scoreCustomers(tx, { now, rng: seededRng(9), draws: 20 }));
  });
  it("falls back to labelled rules below 100 repeat customers", () => {
    const result = scoreCustomers(shop(60, 5), { now, rng: seededRng(1) });
    expect(result.status).toBe("insufficient_data");
    expect(result.reason).toMatch(/at least 100 repeat customers/);
    expect(result.modelVersion).toBe("rules-v1");
    for (const s of result.scores) {
      expect(s.source).toBe("rules");
      expect(s.clvLowMinor).toBeNull();
      expect(s.reasoning).toMatch(/^Rule-based/);
    }
  });
  it("rules: a customer inside their usual gap is alive; one far past it is not", () => {
    const d = (n: number) => new Date(now.getTime() - n * DAY);
    const tx: Transaction[] = [
      { customerId: "fresh", date: d(70), amount: 40 }, { customerId: "fresh", date: d(40), amount: 40 }, { customerId: "fresh", date: d(10), amount: 40 },
      { customerId: "gone", date: d(330), amount: 40 }, { customerId: "gone", date: d(300), amount: 40 },
    ];
    const byId = Object.fromEntries(scoreCustomers(tx, { now, rng: seededRng(1) }).scores.map((s) => [s.customerId, s]));
    expect(byId.fresh!.pAlive).toBe(1);
    // gap 30 days, 270 days past it: exp(−270/30)
    expect(byId.gone!.pAlive).toBeCloseTo(Math.exp(-9), 10);
    expect(byId.gone!.daysOverdue).toBe(270);
    // fresh: 2 repeats over 70 days of age (floored at 90) → 2/90 × 365.25 a year, × 40 mean order
    expect(byId.fresh!.clvMinor).toBe(Math.round((2 / 90) * 365.25 * 40 * 100));
  });
});
