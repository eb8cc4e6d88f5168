// The experiment read-out: every treatment arm against control on each metric, through the
// existing statistics (app/engine/stats), plus the sample-ratio-mismatch check. One metric that
// cannot be analysed (too few units, zero variance) reports its error without hiding the others.
import { analyze } from "../stats/analyze";
import { StatsError } from "../stats/errors";
import { srm, SRM_ALARM_P } from "../stats/srm";
import type { SufficientStatistic } from "../stats/statistics";
import type { ArmSummary } from "./metrics";

export type MetricName = "conversion" | "revenue_per_visitor" | "revenue_per_visitor_cuped" | "profit_per_visitor";

export type ReportOptions = {
  /** Share of experiment units each arm should get, e.g. expectedSplit(50, arms). Normalised. */
  split: Record<string, number>;
  control?: string;
  alpha?: number;
  differenceType?: "relative" | "absolute";
  /** "sequential" when results are looked at before the planned end (always-valid intervals). */
  method?: "frequentist" | "sequential";
};

export type MetricComparison =
  | {
      ok: true;
      metric: MetricName;
      arm: string;
      controlMean: number;
      treatmentMean: number;
      /** Relative (or absolute) lift of treatment over control, with its 1 − alpha interval. */
      lift: { expected: number; ci: [number, number] };
      pValue: number;
      /** Posterior probability that treatment beats control (flat prior). */
      chanceToWin: number;
    }
  | { ok: false; metric: MetricName; arm: string; error: string };

export type SrmCheck =
  | { ok: true; pValue: number; alarm: boolean; observed: Record<string, number>; expected: Record<string, number>; unexpectedArms: string[] }
  | { ok: false; error: string };

export type ExperimentReport = { control: string; srm: SrmCheck; metrics: MetricComparison[] };

// Held-out units belong to the long-run holdout comparison, not to this feature's test.
const NOT_IN_EXPERIMENT = "universal_holdout";

const metricsOf = (s: ArmSummary): [MetricName, SufficientStatistic][] => {
  const list: [MetricName, SufficientStatistic][] = [
    ["conversion", s.conversion],
    ["revenue_per_visitor", s.revenue],
    ["profit_per_visitor", s.profit],
  ];
  if (s.revenueCuped) list.splice(2, 0, ["revenue_per_visitor_cuped", s.revenueCuped]);
  return list;
};

const meanOf = (s: SufficientStatistic): number => (s.type === "cuped" ? s.post.sum / s.n : s.type === "ratio" ? s.numerator.sum / s.denominator.sum : s.sum / s.n);

function compare(metric: MetricName, arm: string, control: SufficientStatistic, treatment: SufficientStatistic, o: Required<Omit<ReportOptions, "split">>): MetricComparison {
  try {
    const common = { differenceType: o.differenceType, alpha: o.alpha, control, treatment };
    const main = analyze({ ...common, method: o.method });
    const bayes = analyze({ ...common, method: "bayesian" });
    return {
      ok: true,
      metric,
      arm,
      controlMean: meanOf(control),
      treatmentMean: meanOf(treatment),
      lift: { expected: main.expected, ci: main.ci },
      pValue: main.pValue!,
      chanceToWin: bayes.chanceToWin!,
    };
  } catch (error) {
    if (error instanceof StatsError) return { ok: false, metric, arm, error: error.message };
    throw error;
  }
}

function srmCheck(summaries: ArmSummary[], split: Record<string, number>): SrmCheck {
  const arms = Object.keys(split);
  const counts = new Map(summaries.map((s) => [s.arm, s.n]));
  const total = arms.reduce((t, a) => t + (split[a] ?? 0), 0);
  const expected = Object.fromEntries(arms.map((a) => [a, split[a]! / total]));
  const observed = Object.fromEntries(arms.map((a) => [a, counts.get(a) ?? 0]));
  // An arm nobody configured means units are being assigned by something else: alarm outright.
  const unexpectedArms = summaries.map((s) => s.arm).filter((a) => a !== NOT_IN_EXPERIMENT && !(a in split));
  try {
    const { pValue } = srm(arms.map((a) => observed[a]!), arms.map((a) => expected[a]!));
    return { ok: true, pValue, alarm: pValue < SRM_ALARM_P || unexpectedArms.length > 0, observed, expected, unexpectedArms };
  } catch (error) {
    if (error instanceof StatsError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Compare every arm with control on every metric, and check the split. Throws only on bugs. */
export function experimentReport(summaries: ArmSummary[], options: ReportOptions): ExperimentReport {
  const o = {
    control: options.control ?? "control",
    alpha: options.alpha ?? 0.05,
    differenceType: options.differenceType ?? "relative",
    method: options.method ?? "frequentist",
  };
  const control = summaries.find((s) => s.arm === o.control);
  const metrics: MetricComparison[] = [];
  for (const s of summaries) {
    if (s.arm === o.control || s.arm === NOT_IN_EXPERIMENT) continue;
    for (const [metric, treatment] of metricsOf(s)) {
      const c = control && metricsOf(control).find(([m]) => m === metric)?.[1];
      metrics.push(c ? compare(metric, s.arm, c, treatment, o) : { ok: false, metric, arm: s.arm, error: `no ${o.control} units for ${metric}` });
    }
  }
  return { control: o.control, srm: srmCheck(summaries, options.split), metrics };
}
