// Shared shapes for the CLV models. Times (recency, T, horizons) are in one unit chosen by the
// caller, days or weeks; the fitted α and v carry that unit.

export type TimeUnit = "days" | "weeks";

/** One customer in the lifetimes summary format. */
export type CustomerSummary = {
  /** Repeat purchases: purchase days after the first one. */
  frequency: number;
  /** Time from the first to the last purchase (0 when frequency is 0). */
  recency: number;
  /** Time from the first purchase to the end of the observation period. */
  T: number;
  /** Mean spend of the repeat purchases (0 when frequency is 0). */
  monetaryValue?: number;
};

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };
export type GammaGammaParams = { p: number; q: number; v: number };

/** What a fit returns when the shop has too few repeat customers: the caller falls back to rules. */
export type InsufficientData = {
  status: "insufficient-data";
  reason: string;
  repeatCustomers: number;
  required: number;
};

/** The floor: below this many repeat customers the models say so instead of guessing. */
export const MIN_REPEAT_CUSTOMERS = 100;

export class InvalidSummaryError extends Error {}

/** Rejects rows the likelihoods cannot take, naming the first offender (row numbers from 1). */
export function validateSummaries(rows: readonly CustomerSummary[], needMonetary = false): void {
  rows.forEach((row, i) => {
    const where = `row ${i + 1}`;
    const { frequency, recency, T } = row;
    if (![frequency, recency, T].every(Number.isFinite)) throw new InvalidSummaryError(`${where}: frequency, recency and T must be numbers`);
    if (frequency < 0 || !Number.isInteger(frequency)) throw new InvalidSummaryError(`${where}: frequency must be a whole number ≥ 0 (got ${frequency})`);
    // T = 0 is legitimate: a first purchase on the last day of the period (it adds nothing to the likelihood).
    if (recency < 0 || T < 0) throw new InvalidSummaryError(`${where}: recency and T must be ≥ 0`);
    if (recency > T + 1e-9) throw new InvalidSummaryError(`${where}: recency (${recency}) is after the end of the observation period T (${T})`);
    if (frequency === 0 && recency !== 0) throw new InvalidSummaryError(`${where}: recency must be 0 when frequency is 0`);
    if (needMonetary && frequency > 0) {
      const m = row.monetaryValue;
      if (m === undefined || !Number.isFinite(m) || m <= 0) throw new InvalidSummaryError(`${where}: monetary value must be a positive number for a repeat customer`);
    }
  });
}
