// Discounted customer lifetime value: BG/NBD expected purchases month by month times the
// Gamma-Gamma expected spend, each month discounted. The interval comes from drawing both models'
// parameters from their asymptotic normal (on the log scale, as fitted) with a caller's Rng.
import { expectedPurchasesCurve } from "./bgnbd-predict";
import type { BgNbdFit } from "./bgnbd";
import { expectedAverageSpend, type GammaGammaFit } from "./gamma-gamma";
import { cholesky, type Matrix } from "./linear-algebra";
import { normal, type Rng } from "./random";
import type { BgNbdParams, CustomerSummary, GammaGammaParams, TimeUnit } from "./types";

/** Time units in one month (a twelfth of a Julian year). */
export function unitsPerMonth(unit: TimeUnit): number {
  return unit === "days" ? 365.25 / 12 : 365.25 / 12 / 7;
}

export type LifetimeValueOptions = {
  /** The unit the models were fitted in. */
  unit: TimeUnit;
  /** e.g. 0.01 for 1 % a month. */
  monthlyDiscountRate: number;
  months?: number;
};

/** Σ_m spend · (E[Y(m)] − E[Y(m − 1)]) / (1 + d)^m over the horizon's months. */
export function lifetimeValue(bg: BgNbdParams, gg: GammaGammaParams, customer: CustomerSummary, options: LifetimeValueOptions): number {
  const months = options.months ?? 12;
  const step = unitsPerMonth(options.unit);
  const spend = expectedAverageSpend(gg, customer.frequency, customer.monetaryValue ?? 0);
  const curve = expectedPurchasesCurve(bg, customer, step, months);
  let value = 0;
  let previous = 0;
  let discount = 1;
  for (const cumulative of curve) {
    discount /= 1 + options.monthlyDiscountRate;
    value += (cumulative - previous) * discount;
    previous = cumulative;
  }
  return spend * value;
}

export type ValueWithInterval = { estimate: number; lower: number; upper: number } | { estimate: number; lower: null; upper: null; reason: string };

function drawer<K extends string>(names: K[], params: Record<K, number>, logCovariance: Matrix, rng: Rng): () => Record<K, number> {
  const L = cholesky(logCovariance);
  if (!L) throw new Error("covariance is not positive definite");
  const mean = names.map((k) => Math.log(params[k]));
  return () => {
    const z = names.map(() => normal(rng));
    return Object.fromEntries(names.map((k, i) => [k, Math.exp(mean[i]! + L[i]!.reduce((s, l, j) => s + l * z[j]!, 0))])) as Record<K, number>;
  };
}

function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

/**
 * CLV with a 95 % interval reflecting parameter uncertainty (not the customer's own randomness).
 * Draws whose spend model has q ≤ 1 (infinite mean) are skipped.
 */
export function lifetimeValueWithInterval(
  bg: BgNbdFit,
  gg: GammaGammaFit,
  customer: CustomerSummary,
  options: LifetimeValueOptions & { rng: Rng; draws?: number },
): ValueWithInterval {
  const estimate = lifetimeValue(bg.params, gg.params, customer, options);
  if (!bg.logCovariance || !gg.logCovariance) return { estimate, lower: null, upper: null, reason: "a fit has no usable covariance" };
  const drawBg = drawer(bg.names, bg.params, bg.logCovariance, options.rng);
  const drawGg = drawer(gg.names, gg.params, gg.logCovariance, options.rng);
  const values: number[] = [];
  const draws = options.draws ?? 400;
  for (let i = 0; i < draws; i++) {
    const bgp = drawBg();
    const ggp = drawGg();
    if (ggp.q <= 1) continue;
    const v = lifetimeValue(bgp, ggp, customer, options);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length < draws / 2) return { estimate, lower: null, upper: null, reason: "too few valid parameter draws" };
  values.sort((x, y) => x - y);
  return { estimate, lower: quantile(values, 0.025), upper: quantile(values, 0.975) };
}
