// Normal, Student t and chi-square distributions: the tails are computed directly (never as
// 1 - cdf) because p-values of 1e-8 must keep their digits.
import { betaIncomplete, gammaQ, logGamma } from "./special";

const SQRT2 = Math.SQRT2;
const SQRT2PI = Math.sqrt(2 * Math.PI);

function erfc(y: number): number {
  return y >= 0 ? gammaQ(0.5, y * y) : 2 - gammaQ(0.5, y * y);
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT2PI;
}

export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

/** P(Z > x). */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / SQRT2);
}

// Acklam's rational approximation (relative error 1e-9) as the start, then Halley steps against
// the accurate cdf.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function lowerTailStart(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}

/** The p-quantile of the standard normal. */
export function normalPpf(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p > 0.5) return -normalPpf(1 - p);
  let x = lowerTailStart(p);
  for (let i = 0; i < 3; i++) {
    const e = normalCdf(x) - p;
    const u = e * SQRT2PI * Math.exp(0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

export function tPdf(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(T > t) for Student's t with `df` (possibly fractional) degrees of freedom. */
export function tSf(t: number, df: number): number {
  if (!Number.isFinite(df)) return normalSf(t);
  if (t < 0) return 1 - tSf(-t, df);
  const denom = df + t * t;
  return 0.5 * betaIncomplete(df / denom, df / 2, 0.5, (t * t) / denom);
}

export function tCdf(t: number, df: number): number {
  return t < 0 ? tSf(-t, df) : 1 - tSf(t, df);
}

/** The p-quantile of Student's t: safeguarded Newton on the upper tail. */
export function tPpf(p: number, df: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (!Number.isFinite(df)) return normalPpf(p);
  if (p < 0.5) return -tPpf(1 - p, df);
  if (p === 0.5) return 0;
  const q = 1 - p;
  const z = -normalPpf(q);
  // Cornish-Fisher start; exact enough that Newton needs a few steps even for small df.
  let t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  let lo = 0;
  let hi = Math.max(2 * t, 1);
  while (tSf(hi, df) > q) hi *= 2;
  if (!(t > lo && t < hi)) t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = tSf(t, df) - q;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / tPdf(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-14 * Math.max(1, t)) return next;
    t = next;
  }
  return t;
}

/** P(X > x) for chi-square with k degrees of freedom. */
export function chiSquareSf(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}
