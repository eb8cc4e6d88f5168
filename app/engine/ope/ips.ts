// Importance-sampling estimates of the candidate policy's mean reward from the current policy's
// logs. Each logged reward is reweighted by w = π_candidate(a|x) / π_logged(a|x).
import { fail } from "./errors";
import type { LoggedRecord, OpeEstimate, OpeOptions } from "./types";
import { checkRecords, criticalValue, effectiveSampleSize, interval, meanAndVariance, weight } from "./validate";

/**
 * Plain inverse propensity scoring: mean of w·r. Unbiased but high-variance; kept as the
 * baseline the other estimators are judged against.
 */
export function ips(records: readonly LoggedRecord[], options?: OpeOptions): OpeEstimate {
  checkRecords(records);
  const z = criticalValue(options);
  const { mean, variance } = meanAndVariance(records.map((r) => weight(r) * r.reward));
  return { ...interval(mean, variance, z), effectiveSampleSize: effectiveSampleSize(records), n: records.length };
}

/** SNIPS's point estimate and the per-record influence, shared with compare(). */
export function snipsParts(records: readonly LoggedRecord[]): { estimate: number; influence: number[] } {
  let sumW = 0;
  let sumWR = 0;
  for (const r of records) {
    const w = weight(r);
    sumW += w;
    sumWR += w * r.reward;
  }
  if (sumW === 0) fail("the candidate policy gives probability 0 to every logged action; no off-policy estimate is possible");
  const estimate = sumWR / sumW;
  const meanW = sumW / records.length;
  // Linearising the ratio Σwr / Σw around its limit gives each record's influence
  // w (r − V̂) / mean(w); the sandwich variance is Σ influence² / n².
  return { estimate, influence: records.map((r) => (weight(r) * (r.reward - estimate)) / meanW) };
}

/**
 * Self-normalised IPS: Σ w·r / Σ w. Slightly biased (O(1/n)) but bounded by the observed rewards
 * and far less variable than IPS when weights are large. The interval is the delta-method
 * (sandwich) variance of the ratio estimator with a normal critical value.
 * @example snips(records, { alpha: 0.05 }) // → { estimate: 0.59, ci: [0.55, 0.63], effectiveSampleSize: 412, n: 1000, … }
 */
export function snips(records: readonly LoggedRecord[], options?: OpeOptions): OpeEstimate {
  checkRecords(records);
  const z = criticalValue(options);
  const { estimate, influence } = snipsParts(records);
  const n = records.length;
  const variance = influence.reduce((a, x) => a + x * x, 0) / (n * n);
  return { ...interval(estimate, variance, z), effectiveSampleSize: effectiveSampleSize(records), n };
}
