// Thompson sampling over a learning policy's arms, per segment. Rewards are margin-aware: each
// exposure's reward is the order's margin minus the discount it cost (0 when no order followed), so
// an arm that converts more by giving margin away does not win by conversions alone. The caller
// aggregates rewards into sufficient statistics (n, sum, sumSquares) with `rewardOf`.
import type { Arm, Prior } from "./policy";
import type { ArmStats } from "./context";
import { normalCdf, normalPdf } from "./normal";
import { normal, type Rng } from "./random";

export type Posterior = { mean: number; sd: number };
export type ThompsonResult = { arm: Arm; index: number; propensity: number; posteriors: Posterior[]; winProbabilities: number[] };

/** Reward of one exposure in minor units: what the shop kept. */
export function rewardOf(outcome: { converted: boolean; orderMarginMinor: number; discountMinor: number }): number {
  return outcome.converted ? outcome.orderMarginMinor - outcome.discountMinor : 0;
}

/**
 * Normal posterior on an arm's mean reward. The reward variance is a plug-in estimate that starts at
 * the prior's `rewardSdMinor` (one pseudo-observation) and moves to the sample variance as n grows.
 */
export function posterior(stats: ArmStats | undefined, prior: Prior): Posterior {
  const priorPrecision = 1 / (prior.sdMinor * prior.sdMinor);
  if (!stats || stats.n === 0) return { mean: prior.meanMinor, sd: prior.sdMinor };
  const { n, sum, sumSquares } = stats;
  // Inconsistent statistics (sumSquares < sum²/n) read as zero spread rather than a negative variance.
  const sampleVariance = n > 1 ? Math.max(0, sumSquares - (sum * sum) / n) / (n - 1) : 0;
  const rewardVariance = (prior.rewardSdMinor * prior.rewardSdMinor + (n - 1) * sampleVariance) / n;
  const dataPrecision = n / rewardVariance;
  const precision = priorPrecision + dataPrecision;
  const mean = (prior.meanMinor * priorPrecision + (sum / n) * dataPrecision) / precision;
  return { mean, sd: Math.sqrt(1 / precision) };
}

// φ(6.5) ≈ 2e-10: nothing of note lies beyond. Adaptive Simpson refines only where the integrand
// bends, which matters when another arm is much narrower than arm i: its Φ is then a steep step in
// arm i's score that a fixed grid would need thousands of points to follow. Starting from several
// panels keeps a step from hiding between the first three samples. All of it is deterministic.
const GRID_HALF_WIDTH = 6.5;
const PANELS = 8;
const TOLERANCE = 1e-6;
const MAX_DEPTH = 24;
const SATURATED = 8.5;

type Fn = (z: number) => number;

function simpson(f: Fn, a: number, b: number, fa: number, fm: number, fb: number, whole: number, tolerance: number, depth: number): number {
  const m = (a + b) / 2;
  const lm = (a + m) / 2;
  const rm = (m + b) / 2;
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tolerance) return left + right + delta / 15;
  return simpson(f, a, m, fa, flm, fm, left, tolerance / 2, depth - 1) + simpson(f, m, b, fm, frm, fb, right, tolerance / 2, depth - 1);
}

function integrate(f: Fn, lo: number, hi: number): number {
  const width = (hi - lo) / PANELS;
  let total = 0;
  for (let p = 0; p < PANELS; p++) {
    const a = lo + p * width;
    const b = a + width;
    const fa = f(a);
    const fm = f((a + b) / 2);
    const fb = f(b);
    total += simpson(f, a, b, fa, fm, fb, (width / 6) * (fa + 4 * fm + fb), TOLERANCE / PANELS, MAX_DEPTH);
  }
  return total;
}

/**
 * P(arm i has the highest mean) for independent normal posteriors, over arm i's standard score:
 * ∫ φ(z) Π_{j≠i} Φ((μi + σi z − μj) / σj) dz. Deterministic, unlike Monte Carlo; the results are
 * normalised to sum to 1 so that quadrature error cannot give probabilities above 1 in total.
 */
export function winProbabilities(posteriors: Posterior[]): number[] {
  const k = posteriors.length;
  if (k === 1) return [1];
  const raw = posteriors.map((pi, i) => {
    // Arm j's score at arm i's score z is a + b z; beyond ±SATURATED its Φ is 0 or 1 to double precision.
    const others = posteriors.filter((_, j) => j !== i).map((pj) => ({ a: (pi.mean - pj.mean) / pj.sd, b: pi.sd / pj.sd }));
    const integrand = (z: number) => {
      let f = normalPdf(z);
      for (const o of others) {
        const x = o.a + o.b * z;
        if (x >= SATURATED) continue;
        if (x <= -SATURATED) return 0;
        f *= normalCdf(x);
      }
      return f;
    };
    return Math.max(0, integrate(integrand, -GRID_HALF_WIDTH, GRID_HALF_WIDTH));
  });
  const sum = raw.reduce((a, b) => a + b, 0);
  return sum > 0 ? raw.map((p) => p / sum) : posteriors.map(() => 1 / k);
}

/** Smallest propensity logged: an arm was chosen, so its probability is not 0 (needed for IPS weights). */
export const MIN_PROPENSITY = 1e-6;

/** Draw one mean per arm from its posterior and take the largest (ties go to the first arm). */
export function thompson(arms: Arm[], stats: Record<string, ArmStats> | undefined, prior: Prior, rng: Rng): ThompsonResult | null {
  if (arms.length === 0) return null;
  // Own properties only: an arm called "constructor" must not read Object.prototype.constructor.
  const own = (id: string) => (stats && Object.prototype.hasOwnProperty.call(stats, id) ? stats[id] : undefined);
  const posteriors = arms.map((a) => posterior(own(a.id), prior));
  let best = 0;
  let bestDraw = -Infinity;
  posteriors.forEach((p, i) => {
    const draw = p.mean + p.sd * normal(rng);
    if (draw > bestDraw) {
      best = i;
      bestDraw = draw;
    }
  });
  const wins = winProbabilities(posteriors);
  return { arm: arms[best]!, index: best, propensity: Math.min(1, Math.max(MIN_PROPENSITY, wins[best]!)), posteriors, winProbabilities: wins };
}
