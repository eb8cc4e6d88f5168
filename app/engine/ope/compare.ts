// Shadow mode's question: would the candidate policy have done better than what we did? The
// difference is estimated on the same logs, so its interval uses the per-record difference of
// the two estimators' influence terms: the two are positively correlated, and treating them as
// independent would overstate the uncertainty.
import { drTerms } from "./doubly-robust";
import { snipsParts } from "./ips";
import type { Interval, LoggedRecord, OpeEstimate, OpeOptions } from "./types";
import { checkRecords, criticalValue, effectiveSampleSize, interval, meanAndVariance } from "./validate";

export type Comparison = Interval & {
  estimator: "doubly_robust" | "snips";
  /** The candidate policy's estimated mean reward. */
  candidate: OpeEstimate;
  /** The current (logging) policy's mean reward, on-policy. */
  current: Interval;
  n: number;
};

/**
 * Candidate minus current mean reward. Uses the doubly robust estimator when every record has a
 * reward model, SNIPS otherwise (or when `estimator` says so).
 * @example compare(records) // → { estimate: 0.25, ci: [0.19, 0.31], estimator: "doubly_robust", … }
 */
export function compare(records: readonly LoggedRecord[], options?: OpeOptions & { estimator?: "doubly_robust" | "snips" }): Comparison {
  const { estimator: chosen, ...rest } = options ?? {};
  const estimator = chosen ?? (Array.isArray(records) && records.length > 0 && records.every((r) => r?.rewardModel) ? "doubly_robust" : "snips");
  checkRecords(records, estimator === "doubly_robust");
  const z = criticalValue(rest);
  const n = records.length;
  const rewards = records.map((r) => r.reward);
  const current = meanAndVariance(rewards);
  const ess = effectiveSampleSize(records);

  if (estimator === "doubly_robust") {
    const terms = drTerms(records);
    const candidate = meanAndVariance(terms);
    const diff = meanAndVariance(terms.map((t, i) => t - rewards[i]!));
    return {
      ...interval(diff.mean, diff.variance, z),
      estimator,
      candidate: { ...interval(candidate.mean, candidate.variance, z), effectiveSampleSize: ess, n },
      current: interval(current.mean, current.variance, z),
      n,
    };
  }
  const { estimate, influence } = snipsParts(records);
  // Influence of the difference: SNIPS's minus the on-policy mean's (r − r̄).
  const sq = (xs: number[]) => xs.reduce((a, x) => a + x * x, 0) / (n * n);
  const diffInfluence = influence.map((x, i) => x - (rewards[i]! - current.mean));
  return {
    ...interval(estimate - current.mean, sq(diffInfluence), z),
    estimator,
    candidate: { ...interval(estimate, sq(influence), z), effectiveSampleSize: ess, n },
    current: interval(current.mean, current.variance, z),
    n,
  };
}
