// Calibration on a hold-out period, as in lifetimes' calibration_and_holdout_data and
// plot_calibration_purchases_vs_holdout_purchases: fit BG/NBD on the transactions up to
// `calibrationEnd`, predict each customer's purchases in (calibrationEnd, holdoutEnd], and compare
// with what they did, grouped by their calibration-period frequency.
import { fitBgNbd } from "./bgnbd";
import { expectedPurchases } from "./bgnbd-predict";
import { summaryFromTransactions, type Transaction } from "./summary";
import type { BgNbdParams, TimeUnit } from "./types";

export type CalibrationGroup = { frequency: number; label: string; customers: number; predicted: number; actual: number };
export type CalibrationResult =
  | {
      status: "ok";
      params: BgNbdParams;
      customers: number;
      holdoutLength: number;
      unit: TimeUnit;
      groups: CalibrationGroup[];
      totalPredicted: number;
      totalActual: number;
      /** Mean over customers of |predicted − actual| holdout purchases. */
      meanAbsoluteError: number;
      /** (Σ predicted − Σ actual) / Σ actual: the bias of the total. */
      relativeTotalError: number;
    }
  | { status: "insufficient-data"; reason: string; repeatCustomers: number };

const MS_PER_DAY = 86_400_000;
const dayNumber = (d: Date) => Math.floor(d.getTime() / MS_PER_DAY);

export type CalibrationOptions = { unit?: TimeUnit; minRepeatCustomers?: number; /** Frequencies at or above this share one group ("7+"). */ maxGroup?: number };

export function calibrationHoldout(transactions: readonly Transaction[], calibrationEnd: Date, holdoutEnd: Date, options: CalibrationOptions = {}): CalibrationResult {
  const unit = options.unit ?? "weeks";
  const perUnit = unit === "weeks" ? 7 : 1;
  const maxGroup = options.maxGroup ?? 7;
  const calDay = dayNumber(calibrationEnd);
  const endDay = dayNumber(holdoutEnd);
  if (endDay <= calDay) throw new Error("holdoutEnd must be at least a day after calibrationEnd");
  const calibration = summaryFromTransactions(
    transactions.filter((t) => dayNumber(t.date) <= calDay),
    { unit, observationEnd: calibrationEnd },
  );
  const fit = fitBgNbd(calibration, { minRepeatCustomers: options.minRepeatCustomers });
  if (fit.status !== "ok") return { status: "insufficient-data", reason: fit.reason, repeatCustomers: fit.repeatCustomers };

  // Holdout purchases counted as distinct purchase days, the same convention as frequency.
  const holdoutDays = new Map<string, Set<number>>();
  for (const t of transactions) {
    const day = dayNumber(t.date);
    if (day <= calDay || day > endDay) continue;
    let days = holdoutDays.get(t.customerId);
    if (!days) holdoutDays.set(t.customerId, (days = new Set()));
    days.add(day);
  }
  const holdoutLength = (endDay - calDay) / perUnit;
  const groups = new Map<number, CalibrationGroup>();
  let absError = 0;
  let totalPredicted = 0;
  let totalActual = 0;
  for (const row of calibration) {
    const predicted = expectedPurchases(fit.params, holdoutLength, row);
    const actual = holdoutDays.get(row.customerId)?.size ?? 0;
    const key = Math.min(row.frequency, maxGroup);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { frequency: key, label: key === maxGroup ? `${maxGroup}+` : String(key), customers: 0, predicted: 0, actual: 0 }));
    g.customers++;
    g.predicted += predicted;
    g.actual += actual;
    absError += Math.abs(predicted - actual);
    totalPredicted += predicted;
    totalActual += actual;
  }
  // Group values are means per customer, as in the lifetimes plot.
  const out = [...groups.values()].sort((a, b) => a.frequency - b.frequency).map((g) => ({ ...g, predicted: g.predicted / g.customers, actual: g.actual / g.customers }));
  return {
    status: "ok",
    params: fit.params,
    customers: calibration.length,
    holdoutLength,
    unit,
    groups: out,
    totalPredicted,
    totalActual,
    meanAbsoluteError: absError / calibration.length,
    relativeTotalError: totalActual > 0 ? (totalPredicted - totalActual) / totalActual : totalPredicted > 0 ? Infinity : 0,
  };
}
