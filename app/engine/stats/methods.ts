// The three ways of turning an effect into a result, each following GrowthBook's definitions.
// Fields a method does not produce are null rather than absent, so every result has one shape.
import { normalCdf, normalPdf, normalPpf, tPpf, tSf } from "./distributions";
import type { Effect } from "./effect";

export type StatsResult = {
  expected: number;
  ci: [number, number];
  pValue: number | null;
  chanceToWin: number | null;
  risk: [number, number] | null;
};

/** Two-sided Welch t-test. */
export function frequentist(e: Effect, alpha: number): StatsResult {
  const se = Math.sqrt(e.variance);
  const width = tPpf(1 - alpha / 2, e.df) * se;
  return {
    expected: e.estimate,
    ci: [e.estimate - width, e.estimate + width],
    pValue: Math.min(1, 2 * tSf(Math.abs(e.estimate / se), e.df)),
    chanceToWin: null,
    risk: null,
  };
}

export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/**
 * Always-valid interval (Howard et al. 2021, normal mixture with GrowthBook's tuning: the
 * mixture is chosen to be tightest at `tuning` total units) and the matching always-valid
 * p-value, the inverse of the mixture e-value, so p < alpha exactly when 0 is outside the CI.
 */
export function sequential(e: Effect, alpha: number, tuning: number): StatsResult {
  const n = e.control.n + e.treatment.n;
  const rho2 = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning;
  const s2 = e.variance * n;
  const mix = n * rho2 + 1;
  const width = Math.sqrt(s2) * Math.sqrt(((2 * mix) / (n * n * rho2)) * Math.log(Math.sqrt(mix) / alpha));
  const logE = (n * n * rho2 * e.estimate ** 2) / (2 * mix * s2) - 0.5 * Math.log(mix);
  return {
    expected: e.estimate,
    ci: [e.estimate - width, e.estimate + width],
    pValue: Math.min(1, Math.exp(-logE)),
    chanceToWin: null,
    risk: null,
  };
}

export type GaussianPrior = { mean: number; variance: number; proper: boolean };

/**
 * Gaussian posterior on the lift: the data likelihood N(estimate, variance) combined with the
 * prior when it is proper (a flat prior leaves the likelihood as the posterior). The prior is on
 * the relative lift, as in GrowthBook; for absolute differences it is scaled by the control mean.
 */
export function bayesian(e: Effect, alpha: number, prior: GaussianPrior): StatsResult {
  let mean = e.estimate;
  let precision = 1 / e.variance;
  if (prior.proper) {
    const scale = Math.abs(e.control.unadjustedMean);
    const relative = e.differenceType === "relative";
    const priorMean = relative ? prior.mean : prior.mean * scale;
    const priorVariance = relative ? prior.variance : prior.variance * scale * scale;
    precision += 1 / priorVariance;
    mean = (e.estimate / e.variance + priorMean / priorVariance) / precision;
  }
  const sd = Math.sqrt(1 / precision);
  const z = normalPpf(1 - alpha / 2);
  const x = mean / sd;
  // Expected loss: choosing control loses E[max(lift, 0)], choosing treatment E[max(-lift, 0)].
  const riskControl = mean * normalCdf(x) + sd * normalPdf(x);
  const riskTreatment = -mean * normalCdf(-x) + sd * normalPdf(x);
  return {
    expected: mean,
    ci: [mean - z * sd, mean + z * sd],
    pValue: null,
    chanceToWin: normalCdf(x),
    risk: [riskControl, riskTreatment],
  };
}
