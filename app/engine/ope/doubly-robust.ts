// Doubly robust estimate (Dudík, Langford & Li 2011): the reward model's prediction for the
// candidate policy, corrected by the importance-weighted residual of the logged action. Unbiased
// when the logged propensities are right, whatever the model; the better the model, the smaller
// the residuals and so the variance.
import type { LoggedRecord, OpeEstimate, OpeOptions } from "./types";
import { checkRecords, criticalValue, effectiveSampleSize, interval, meanAndVariance, weight } from "./validate";

/** Each record's DR term: r̂_target + w (r − r̂_logged). */
export const drTerms = (records: readonly LoggedRecord[]): number[] =>
  records.map((r) => r.rewardModel!.target + weight(r) * (r.reward - r.rewardModel!.logged));

/**
 * Mean of the per-record DR terms, with the interval from their sample variance.
 * Every record must carry a rewardModel.
 */
export function doublyRobust(records: readonly LoggedRecord[], options?: OpeOptions): OpeEstimate {
  checkRecords(records, true);
  const z = criticalValue(options);
  const { mean, variance } = meanAndVariance(drTerms(records));
  return { ...interval(mean, variance, z), effectiveSampleSize: effectiveSampleSize(records), n: records.length };
}
