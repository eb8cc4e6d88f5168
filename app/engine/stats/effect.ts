// The estimated effect of treatment over control and its sampling variance (GrowthBook's
// "effect moments"): the input every method (frequentist, sequential, Bayesian) starts from.
import { fail } from "./errors";
import { cupedMoments, cupedParts, cupedTheta, plainMoments, type CupedParts, type Moments, type SufficientStatistic } from "./statistics";

export type DifferenceType = "relative" | "absolute";
export type Effect = { differenceType: DifferenceType; estimate: number; variance: number; df: number; control: Moments; treatment: Moments };

// Welch–Satterthwaite, on the per-variation variances of the means (the same df serves the
// relative lift, as in GrowthBook).
function welchDf(a: Moments, b: Moments): number {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  return (va + vb) ** 2 / (vb ** 2 / (b.n - 1) + va ** 2 / (a.n - 1));
}

// Delta method for (mean_b - mean_a) / mean_a with independent arms.
function relativeVariance(a: Moments, b: Moments): number {
  return b.variance / (b.n * a.unadjustedMean ** 2) + (a.variance * b.unadjustedMean ** 2) / (a.n * a.unadjustedMean ** 4);
}

// The relative CUPED lift divides by the unadjusted control mean, so the control's variance has
// post, pre and cross terms of its own (GrowthBook's frequentist_variance_relative_cuped).
function relativeCupedVariance(a: CupedParts, b: CupedParts, theta: number): number {
  const ma = a.post.mean;
  const mb = b.post.mean;
  const treatment = (b.post.variance + theta ** 2 * b.pre.variance - 2 * theta * b.covariance) / (b.n * ma ** 2);
  const control = ((a.post.variance * mb ** 2) / ma ** 2 - (2 * theta * a.covariance * mb) / ma + theta ** 2 * a.pre.variance) / (a.n * ma ** 2);
  return treatment + control;
}

export function effect(control: SufficientStatistic, treatment: SufficientStatistic, differenceType: DifferenceType): Effect {
  if (control.type !== treatment.type) fail(`control and treatment must have the same type (${control.type} vs ${treatment.type})`);
  let a: Moments;
  let b: Moments;
  let variance: number | null = null;
  if (control.type === "cuped" && treatment.type === "cuped") {
    const pa = cupedParts(control, "control");
    const pb = cupedParts(treatment, "treatment");
    const theta = cupedTheta(pa, pb);
    a = cupedMoments(pa, theta);
    b = cupedMoments(pb, theta);
    if (differenceType === "relative" && a.unadjustedMean !== 0 && theta !== 0) variance = relativeCupedVariance(pa, pb, theta);
  } else if (control.type !== "cuped" && treatment.type !== "cuped") {
    a = plainMoments(control, "control");
    b = plainMoments(treatment, "treatment");
  } else {
    return fail("unreachable: types already compared");
  }
  for (const [label, m] of [["control", a], ["treatment", b]] as const) {
    if (!(m.variance > 0)) fail(`${label}: the metric has zero variance, so no interval can be computed`);
  }
  if (differenceType === "relative" && a.unadjustedMean === 0) fail("control: mean is 0, so a relative lift is undefined (use differenceType \"absolute\")");
  const relative = differenceType === "relative";
  const estimate = relative ? (b.mean - a.mean) / a.unadjustedMean : b.mean - a.mean;
  variance ??= relative ? relativeVariance(a, b) : a.variance / a.n + b.variance / b.n;
  return { differenceType, estimate, variance, df: welchDf(a, b), control: a, treatment: b };
}
