// Churn risk and lateness (issue 5): churn risk is the BG/NBD probability that the customer has
// already left; lateness compares the time since the last order with the customer's own rhythm.

/** 1 − P(alive), clamped to [0, 1] (P(alive) can come out a hair outside from rounding). */
export function churnRisk(pAlive: number): number {
  if (!Number.isFinite(pAlive)) return 1;
  return Math.min(1, Math.max(0, 1 - pAlive));
}

/**
 * Days since the customer's next order was due, from their mean gap between purchase days
 * (recency / frequency, all in days). Negative: not due yet. Null for one-time buyers, who have no
 * rhythm of their own.
 */
export function daysSinceExpectedNextOrder(history: { frequency: number; recencyDays: number; ageDays: number }): number | null {
  const { frequency, recencyDays, ageDays } = history;
  if (frequency <= 0) return null;
  const meanGap = recencyDays / frequency;
  return ageDays - (recencyDays + meanGap);
}
