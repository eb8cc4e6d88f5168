import { describe, expect, it } from "vitest";
import { churnRisk, daysSinceExpectedNextOrder } from "./churn";

describe("churn", () => {
  it("churn risk is 1 − P(alive), clamped, and 1 when unknown", () => {
    expect(churnRisk(0.8)).toBeCloseTo(0.2, 12);
    expect(churnRisk(1.0000001)).toBe(0);
    expect(churnRisk(-0.1)).toBe(1);
    expect(churnRisk(Number.NaN)).toBe(1);
  });
  it("days since the expected next order use the customer's mean gap", () => {
    // 2 repeat orders over 60 days: gap 30, next due at day 90, observed for 100 days: 10 days late.
    expect(daysSinceExpectedNextOrder({ frequency: 2, recencyDays: 60, ageDays: 100 })).toBe(10);
    expect(daysSinceExpectedNextOrder({ frequency: 3, recencyDays: 90, ageDays: 100 })).toBe(-20);
    expect(daysSinceExpectedNextOrder({ frequency: 0, recencyDays: 0, ageDays: 50 })).toBeNull();
  });
});
