import { describe, expect, it } from "vitest";
import { seededRng } from "../clv/random";
import { analyze } from "../stats/analyze";
import { expectedSplit } from "./assign";
import { handRows } from "./fixtures";
import { summarizeArms, type UnitOutcome } from "./metrics";
import { experimentReport } from "./report";

describe("experimentReport", () => {
  it("reports each metric's lift, interval, p-value and chance to win from app/engine/stats", () => {
    const summaries = summarizeArms(handRows);
    const report = experimentReport(summaries, { split: expectedSplit(50), differenceType: "absolute" });
    expect(report.metrics.map((m) => m.metric)).toEqual(["conversion", "revenue_per_visitor", "revenue_per_visitor_cuped", "profit_per_visitor"]);
    const revenue = report.metrics.find((m) => m.metric === "revenue_per_visitor")!;
    if (!revenue.ok) throw new Error(revenue.error);
    // Per visitor: control 3000/3 = 1000, treatment 2000/4 = 500, so the absolute lift is −500.
    // Variances: control (5e6 − 3000²/3)/2 = 1e6, treatment (2.5e6 − 2000²/4)/3 = 5e5, so the
    // standard error is √(1e6/3 + 5e5/4) = √458,333.3 ≈ 677.0.
    expect(revenue.controlMean).toBe(1000);
    expect(revenue.treatmentMean).toBe(500);
    expect(revenue.lift.expected).toBe(-500);
    const direct = analyze({ method: "frequentist", differenceType: "absolute", control: summaries[0]!.revenue, treatment: summaries[1]!.revenue });
    expect(revenue.lift.ci).toEqual(direct.ci);
    expect(revenue.pValue).toBe(direct.pValue);
    // Flat-prior posterior N(−500, 677.0²): P(lift > 0) = Φ(−500/677.0) = Φ(−0.7385) ≈ 0.2301.
    expect(revenue.chanceToWin).toBeCloseTo(0.2301, 3);
    // 3 vs 4 units on a 50/50 split: χ² = (0.5² + 0.5²)/3.5 = 0.142857, p = 2(1 − Φ(0.378)) ≈ 0.7055.
    expect(report.srm).toMatchObject({ ok: true, alarm: false, observed: { control: 3, treatment: 4 }, unexpectedArms: [] });
    expect(report.srm.ok && report.srm.pValue).toBeCloseTo(0.7055, 3);
  });

  it("relative lifts by default: conversion 2/4 vs 2/3 is −25 %, profit 187.5 vs 500 is −62.5 %", () => {
    const report = experimentReport(summarizeArms(handRows), { split: expectedSplit(50) });
    const lift = (name: string) => {
      const m = report.metrics.find((x) => x.metric === name)!;
      return m.ok ? m.lift.expected : Number.NaN;
    };
    expect(lift("conversion")).toBeCloseTo(-0.25, 12);
    expect(lift("profit_per_visitor")).toBeCloseTo(-0.625, 12);
  });

  it("alarms on a sample-ratio mismatch and on an arm nobody configured", () => {
    const rows: UnitOutcome[] = [];
    const rng = seededRng(3);
    const add = (arm: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const revenueMinor = rng() < 0.1 ? Math.round(1000 + 4000 * rng()) : 0;
        rows.push({ unitId: `${arm}-${i}`, arm, converted: revenueMinor > 0, revenueMinor, costMinor: 0, refundedMinor: 0, discountMinor: 0 });
      }
    };
    add("control", 1000);
    add("treatment", 1200);
    add("universal_holdout", 50);
    const skewed = experimentReport(summarizeArms(rows), { split: expectedSplit(50) });
    expect(skewed.srm).toMatchObject({ ok: true, alarm: true, unexpectedArms: [] });
    expect(skewed.metrics.every((m) => m.arm === "treatment")).toBe(true);

    add("ghost", 5);
    const ghost = experimentReport(summarizeArms(rows), { split: { control: 0.4545, treatment: 0.5455 } });
    expect(ghost.srm).toMatchObject({ ok: true, alarm: true, unexpectedArms: ["ghost"] });
    expect(ghost.srm.ok && ghost.srm.pValue).toBeGreaterThan(0.001);
  });

  it("reports a metric it cannot analyse without hiding the others", () => {
    // Treatment never converts, so its revenue and profit have zero variance.
    const rows = handRows.map((r) => (r.arm === "treatment" ? { ...r, converted: false, revenueMinor: 0, costMinor: 0, refundedMinor: 0, discountMinor: 0 } : r));
    const report = experimentReport(summarizeArms(rows), { split: expectedSplit(50), differenceType: "absolute" });
    expect(report.metrics.find((m) => m.metric === "revenue_per_visitor")).toMatchObject({ ok: false, error: expect.stringMatching(/zero variance/) });
    expect(report.metrics.find((m) => m.metric === "revenue_per_visitor_cuped")?.ok).toBe(true);
    const noControl = experimentReport(summarizeArms(rows.filter((r) => r.arm !== "control")), { split: expectedSplit(50) });
    expect(noControl.metrics[0]).toMatchObject({ ok: false, error: "no control units for conversion" });
  });
});
