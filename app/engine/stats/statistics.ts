// Sufficient statistics per variation and their per-unit mean and variance, with GrowthBook's
// definitions: sample variance with n - 1, Bernoulli variance p(1 - p), the delta method for
// ratios, and CUPED with one theta estimated from both variations pooled.
import { z } from "zod";
import { fail } from "./errors";

const finite = z.number().finite();
const units = z.number().int("n must be a whole number of units").min(2, "n must be at least 2 (a variance needs two units)");

const moments = z.object({ sum: finite, sumSquares: finite });
export const meanStatistic = z.object({ type: z.literal("mean"), n: units, sum: finite, sumSquares: finite });
export const proportionStatistic = z.object({ type: z.literal("proportion"), n: units, sum: finite });
// Inside CUPED the unit count is the outer one; repeating it is allowed but must agree.
const cupedPart = z.discriminatedUnion("type", [
  meanStatistic.extend({ n: units.optional() }),
  proportionStatistic.extend({ n: units.optional() }),
]);
export const ratioStatistic = z.object({
  type: z.literal("ratio"),
  n: units,
  numerator: moments,
  denominator: moments,
  sumProducts: finite,
});
export const cupedStatistic = z.object({ type: z.literal("cuped"), n: units, post: cupedPart, pre: cupedPart, sumProducts: finite });
export const sufficientStatistic = z.discriminatedUnion("type", [meanStatistic, proportionStatistic, ratioStatistic, cupedStatistic]);

export type MeanStatistic = z.infer<typeof meanStatistic>;
export type ProportionStatistic = z.infer<typeof proportionStatistic>;
export type RatioStatistic = z.infer<typeof ratioStatistic>;
export type CupedStatistic = z.infer<typeof cupedStatistic>;
export type SufficientStatistic = z.infer<typeof sufficientStatistic>;
type Simple = { type: "mean"; n: number; sum: number; sumSquares: number } | { type: "proportion"; n: number; sum: number };

/** A variation reduced to what the tests need: per-unit mean and variance. */
export type Moments = { n: number; mean: number; variance: number; unadjustedMean: number };

// Sums of squares arrive from SQL in floating point: a variance a hair below zero is rounding,
// one clearly below zero means the inputs cannot come from real data.
function checkedVariance(raw: number, scale: number, label: string): number {
  if (raw >= 0) return raw;
  if (raw > -1e-9 * Math.max(1, Math.abs(scale))) return 0;
  return fail(`${label}: negative variance (${raw.toPrecision(6)}); sum, sumSquares and n are inconsistent`);
}

function simpleMoments(s: Simple, label: string): Moments {
  const mean = s.sum / s.n;
  if (s.type === "proportion") {
    if (s.sum < 0 || s.sum > s.n) fail(`${label}: a proportion needs 0 <= sum <= n (sum ${s.sum}, n ${s.n})`);
    return { n: s.n, mean, variance: mean * (1 - mean), unadjustedMean: mean };
  }
  const raw = (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1);
  return { n: s.n, mean, variance: checkedVariance(raw, s.sumSquares / (s.n - 1), label), unadjustedMean: mean };
}

function covariance(n: number, a: Simple, b: Simple, sumProducts: number): number {
  // GrowthBook's convention: the Bernoulli pair uses the 1/n form, everything else 1/(n - 1).
  if (a.type === "proportion" && b.type === "proportion") return sumProducts / n - (a.sum * b.sum) / (n * n);
  return (sumProducts - (a.sum * b.sum) / n) / (n - 1);
}

function checkCovariance(cov: number, varA: number, varB: number, label: string): void {
  if (cov * cov > varA * varB * (1 + 1e-9) + 1e-12) {
    fail(`${label}: negative variance (the covariance from sumProducts exceeds what the variances allow)`);
  }
}

function ratioMoments(s: RatioStatistic, label: string): Moments {
  const m = simpleMoments({ type: "mean", n: s.n, ...s.numerator }, `${label}.numerator`);
  const d = simpleMoments({ type: "mean", n: s.n, ...s.denominator }, `${label}.denominator`);
  if (s.denominator.sum === 0) fail(`${label}: the ratio's denominator sums to 0`);
  const cov = covariance(s.n, { type: "mean", n: s.n, ...s.numerator }, { type: "mean", n: s.n, ...s.denominator }, s.sumProducts);
  checkCovariance(cov, m.variance, d.variance, label);
  // Delta method for M/D: per-unit variance of the ratio of means.
  const variance = m.variance / d.mean ** 2 + (d.variance * m.mean ** 2) / d.mean ** 4 - (2 * cov * m.mean) / d.mean ** 3;
  const mean = s.numerator.sum / s.denominator.sum;
  return { n: s.n, mean, variance: checkedVariance(variance, m.variance / d.mean ** 2, label), unadjustedMean: mean };
}

export type CupedParts = { n: number; post: Moments; pre: Moments; covariance: number; sumProducts: number; postRaw: Simple; preRaw: Simple };

export function cupedParts(s: CupedStatistic, label: string): CupedParts {
  for (const [part, stat] of [["post", s.post], ["pre", s.pre]] as const) {
    if (stat.n !== undefined && stat.n !== s.n) fail(`${label}.${part}: n ${stat.n} differs from the statistic's n ${s.n}`);
  }
  if (s.post.type !== s.pre.type) fail(`${label}: post and pre must be the same type (${s.post.type} vs ${s.pre.type})`);
  const postRaw = { ...s.post, n: s.n } as Simple;
  const preRaw = { ...s.pre, n: s.n } as Simple;
  const post = simpleMoments(postRaw, `${label}.post`);
  const pre = simpleMoments(preRaw, `${label}.pre`);
  const cov = covariance(s.n, postRaw, preRaw, s.sumProducts);
  checkCovariance(cov, post.variance, pre.variance, label);
  return { n: s.n, post, pre, covariance: cov, sumProducts: s.sumProducts, postRaw, preRaw };
}

/** CUPED's theta from both variations pooled, so both are adjusted by the same coefficient. */
export function cupedTheta(a: CupedParts, b: CupedParts): number {
  const n = a.n + b.n;
  const join = (x: Simple, y: Simple): Simple =>
    x.type === "proportion" ? { type: "proportion", n, sum: x.sum + y.sum } : { type: "mean", n, sum: x.sum + y.sum, sumSquares: x.sumSquares + (y as typeof x).sumSquares };
  const post = join(a.postRaw, b.postRaw);
  const pre = join(a.preRaw, b.preRaw);
  const postVar = simpleMoments(post, "pooled post").variance;
  const preVar = simpleMoments(pre, "pooled pre").variance;
  // No variation in a period: nothing to regress on, GrowthBook falls back to the plain post metric.
  if (postVar === 0 || preVar === 0) return 0;
  return covariance(n, post, pre, a.sumProducts + b.sumProducts) / preVar;
}

/** A CUPED variation adjusted by theta: the post metric minus theta times the pre metric. */
export function cupedMoments(p: CupedParts, theta: number): Moments {
  const variance = p.post.variance + theta * theta * p.pre.variance - 2 * theta * p.covariance;
  return { n: p.n, mean: p.post.mean - theta * p.pre.mean, variance: Math.max(0, variance), unadjustedMean: p.post.mean };
}

export function plainMoments(s: MeanStatistic | ProportionStatistic | RatioStatistic, label: string): Moments {
  return s.type === "ratio" ? ratioMoments(s, label) : simpleMoments(s, label);
}
