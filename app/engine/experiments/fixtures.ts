// Small hand-checked outcome rows shared by the metric and report tests.
import type { UnitOutcome } from "./metrics";

const row = (unitId: string, arm: string, converted: boolean, revenueMinor: number, costMinor: number, refundedMinor: number, discountMinor: number, preRevenueMinor?: number): UnitOutcome => ({
  unitId,
  arm,
  converted,
  revenueMinor,
  costMinor,
  refundedMinor,
  discountMinor,
  ...(preRevenueMinor === undefined ? {} : { preRevenueMinor }),
});

export const handRows: UnitOutcome[] = [
  row("c1", "control", true, 1000, 300, 0, 100, 500),
  row("t1", "treatment", true, 1500, 450, 0, 150, 200),
  row("c2", "control", false, 0, 0, 0, 0, 0),
  row("t2", "treatment", true, 500, 150, 500, 0), // fully refunded; no pre-period row
  row("c3", "control", true, 2000, 600, 500, 0, 1000),
  row("t3", "treatment", false, 0, 0, 0, 0, 300),
  row("t4", "treatment", false, 0, 0, 0, 0, 0),
];
