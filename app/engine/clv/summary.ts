// Builds the lifetimes summary (frequency, recency, T, monetary value) from raw transactions, with
// lifetimes' conventions: purchases on the same day count once (their amounts summed), frequency is
// the number of purchase days after the first, and monetary value is the mean over those repeat days.
import type { CustomerSummary, TimeUnit } from "./types";

export type Transaction = { customerId: string; date: Date; amount: number };
export type CustomerSummaryRow = CustomerSummary & { customerId: string; monetaryValue: number };

const MS_PER_DAY = 86_400_000;
const dayNumber = (d: Date) => Math.floor(d.getTime() / MS_PER_DAY);

export type SummaryOptions = {
  unit?: TimeUnit;
  /** End of the observation period; later transactions are left out. Defaults to the last transaction's day. */
  observationEnd?: Date;
};

export function summaryFromTransactions(transactions: readonly Transaction[], options: SummaryOptions = {}): CustomerSummaryRow[] {
  const perUnit = (options.unit ?? "days") === "weeks" ? 7 : 1;
  for (const t of transactions) {
    if (Number.isNaN(t.date.getTime())) throw new Error(`customer ${t.customerId}: invalid date`);
    if (!Number.isFinite(t.amount)) throw new Error(`customer ${t.customerId}: amount must be a number`);
  }
  // A loop, not Math.max(...): spreading a large export overflows the call stack.
  let end = -Infinity;
  if (options.observationEnd) end = dayNumber(options.observationEnd);
  else for (const t of transactions) end = Math.max(end, dayNumber(t.date));
  const byCustomer = new Map<string, Map<number, number>>();
  for (const t of transactions) {
    const day = dayNumber(t.date);
    if (day > end) continue;
    let days = byCustomer.get(t.customerId);
    if (!days) byCustomer.set(t.customerId, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + t.amount);
  }
  const rows: CustomerSummaryRow[] = [];
  for (const [customerId, days] of byCustomer) {
    const ordered = [...days.entries()].sort((x, y) => x[0] - y[0]);
    const first = ordered[0]![0];
    const last = ordered[ordered.length - 1]![0];
    const repeat = ordered.slice(1);
    rows.push({
      customerId,
      frequency: repeat.length,
      recency: (last - first) / perUnit,
      T: (end - first) / perUnit,
      monetaryValue: repeat.length ? repeat.reduce((s, [, amount]) => s + amount, 0) / repeat.length : 0,
    });
  }
  return rows;
}
