// Input checks shared by the estimators. Hand-written rather than zod per record: shadow logs run
// to hundreds of thousands of rows and the message should name the row and the rule it broke.
import { z } from "zod";
import { formatIssues } from "../stats/errors";
import { normalPpf } from "../stats/distributions";
import { fail } from "./errors";
import type { Interval, LoggedRecord, OpeOptions } from "./types";

const options = z
  .object({ alpha: z.number().gt(0, "alpha must be in (0, 1)").lt(1, "alpha must be in (0, 1)").default(0.05) })
  .strict();

/** The two-sided normal critical value for the options' alpha. */
export function criticalValue(raw: OpeOptions | undefined): number {
  const parsed = options.safeParse(raw ?? {});
  if (!parsed.success) fail(`invalid options: ${formatIssues(parsed.error)}`);
  return normalPpf(1 - parsed.data.alpha / 2);
}

const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** Throws OpeError unless every record is usable; `needModel` for the doubly robust estimator. */
export function checkRecords(records: readonly LoggedRecord[], needModel = false): void {
  if (!Array.isArray(records)) fail("records must be an array");
  // A variance, and so an interval, needs at least two records.
  if (records.length < 2) fail(`at least 2 records are needed (got ${records.length})`);
  records.forEach((r, i) => {
    const at = `records[${i}]`;
    if (r === null || typeof r !== "object") fail(`${at} must be an object`);
    if (!finite(r.reward)) fail(`${at}.reward must be a finite number (got ${String(r.reward)})`);
    // A propensity of 0 means the logged action could not have been taken: the log is corrupt,
    // and its weight would be infinite.
    if (!finite(r.loggedPropensity) || r.loggedPropensity <= 0 || r.loggedPropensity > 1) {
      fail(`${at}.loggedPropensity must be in (0, 1] (got ${String(r.loggedPropensity)})`);
    }
    if (!finite(r.targetProbability) || r.targetProbability < 0 || r.targetProbability > 1) {
      fail(`${at}.targetProbability must be in [0, 1] (got ${String(r.targetProbability)})`);
    }
    if (r.rewardModel !== undefined || needModel) {
      const m = r.rewardModel;
      if (m === undefined || m === null) fail(`${at}.rewardModel is required by the doubly robust estimator`);
      if (!finite(m.logged) || !finite(m.target)) fail(`${at}.rewardModel.logged and .target must be finite numbers`);
    }
  });
}

export const weight = (r: LoggedRecord): number => r.targetProbability / r.loggedPropensity;

export function interval(estimate: number, variance: number, z: number): Interval {
  const standardError = Math.sqrt(Math.max(0, variance));
  return { estimate, ci: [estimate - z * standardError, estimate + z * standardError], standardError };
}

/** Kish's effective sample size; 0 when the candidate never takes a logged action. */
export function effectiveSampleSize(records: readonly LoggedRecord[]): number {
  let s = 0;
  let s2 = 0;
  for (const r of records) {
    const w = weight(r);
    s += w;
    s2 += w * w;
  }
  return s2 === 0 ? 0 : (s * s) / s2;
}

/** Mean and the variance of the mean (sample variance with n − 1, over n). */
export function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, variance: ss / (n - 1) / n };
}
