import { describe, expect, it } from "vitest";
import { calibrationHoldout } from "./calibration";
import { seededRng } from "./random";
import { simulateBgNbdTransactions } from "./simulate-transactions";
import type { Transaction } from "./summary";

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000);

describe("calibrationHoldout", () => {
  it("counts holdout purchase days and groups by calibration frequency", () => {
    // 120 repeaters (so the fit runs) with a fixed pattern, plus hand-checkable customers.
    const tx: Transaction[] = [];
    for (let i = 0; i < 120; i++) tx.push({ customerId: `r${i}`, date: day(i % 30), amount: 10 }, { customerId: `r${i}`, date: day(40 + (i % 30)), amount: 10 });
    for (let i = 0; i < 80; i++) tx.push({ customerId: `o${i}`, date: day(i % 50), amount: 10 });
    // r0 buys twice in the holdout on one day (counts once) and once more on another; o0 once after the holdout (ignored).
    tx.push({ customerId: "r0", date: day(100), amount: 5 }, { customerId: "r0", date: day(100), amount: 5 }, { customerId: "r0", date: day(110), amount: 5 });
    tx.push({ customerId: "o0", date: day(200), amount: 5 });
    const result = calibrationHoldout(tx, day(90), day(150), { unit: "days" });
    if (result.status !== "ok") throw new Error(result.reason);
    expect(result.customers).toBe(200);
    expect(result.holdoutLength).toBe(60);
    expect(result.groups.map((g) => [g.label, g.customers])).toEqual([["0", 80], ["1", 120]]);
    expect(result.totalActual).toBe(2);
    expect(result.groups[1]!.actual).toBeCloseTo(2 / 120, 12);
    expect(result.groups[0]!.actual).toBe(0);
  });
  it("says so when the calibration period has too few repeat customers", () => {
    const tx = [{ customerId: "a", date: day(0), amount: 1 }, { customerId: "a", date: day(3), amount: 1 }];
    expect(calibrationHoldout(tx, day(10), day(20))).toMatchObject({ status: "insufficient-data", repeatCustomers: 1 });
  });
  it("calibrates well on data simulated from known BG/NBD parameters", () => {
    const start = Date.UTC(2025, 0, 1);
    const tx = simulateBgNbdTransactions(
      { r: 0.25, alpha: 4, a: 0.8, b: 2.5 },
      {
        customers: 4000,
        firstPurchase: (i) => new Date(start + (i % 84) * 86_400_000), // acquired over 12 weeks
        end: new Date(start + 78 * 7 * 86_400_000),
        unit: "weeks",
        spend: { p: 6, q: 4, v: 15 },
        rng: seededRng(11),
      },
    );
    const result = calibrationHoldout(tx, new Date(start + 39 * 7 * 86_400_000), new Date(start + 78 * 7 * 86_400_000));
    if (result.status !== "ok") throw new Error(result.reason);
    expect(Math.abs(result.relativeTotalError)).toBeLessThan(0.1);
    expect(result.params.r).toBeGreaterThan(0.15);
    expect(result.params.r).toBeLessThan(0.4);
    for (const g of result.groups.filter((x) => x.customers >= 150)) {
      expect(Math.abs(g.predicted - g.actual)).toBeLessThan(0.25 * Math.max(g.actual, 0.2));
    }
    expect(result.groups.at(-1)!.label).toBe("7+");
  });
});
