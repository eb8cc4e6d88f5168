// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases follow a
// Poisson process with Gamma(r, α) rates, and after each repeat purchase a customer drops out with
// a Beta(a, b) probability. Fitted by maximum likelihood.
import { fitByMaximumLikelihood, type MleFit } from "./mle";
import { logAddExp, logGamma } from "./special-functions";
import { MIN_REPEAT_CUSTOMERS, validateSummaries, type BgNbdParams, type CustomerSummary, type InsufficientData } from "./types";

export type BgNbdFit = { status: "ok"; model: "bgnbd"; n: number; repeatCustomers: number } & MleFit<keyof BgNbdParams>;

const NAMES: (keyof BgNbdParams)[] = ["r", "alpha", "a", "b"];

/**
 * The data laid out once for repeated likelihood evaluation: the Γ terms depend on a customer only
 * through the frequency, of which there are few distinct values, so they are computed per value.
 */
export type BgNbdData = {
  frequencies: Float64Array;
  group: Int32Array;
  recency: Float64Array;
  T: Float64Array;
  distinct: number[];
};

export function prepareBgNbdData(rows: readonly CustomerSummary[]): BgNbdData {
  const distinct = [...new Set(rows.map((r) => r.frequency))].sort((x, y) => x - y);
  const index = new Map(distinct.map((x, i) => [x, i]));
  return {
    frequencies: Float64Array.from(rows, (r) => r.frequency),
    group: Int32Array.from(rows, (r) => index.get(r.frequency)!),
    recency: Float64Array.from(rows, (r) => r.recency),
    T: Float64Array.from(rows, (r) => r.T),
    distinct,
  };
}

/**
 * Total log-likelihood, in the paper's form ln L = ln A1 + ln A2 + ln(A3 + δ(x>0) A4), with the last
 * sum taken as a log-sum-exp so customers with many purchases do not underflow.
 */
export function bgNbdLogLikelihood(params: BgNbdParams, data: BgNbdData): number {
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NaN;
  const lnAlpha = Math.log(alpha);
  const common = logGamma(a + b) - logGamma(b) - logGamma(r) + r * lnAlpha;
  // Per distinct frequency x: ln A1 + ln A2, and ln(a / (b + x − 1)) for the dropout branch.
  const head = data.distinct.map((x) => common + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x));
  const dropout = data.distinct.map((x) => (x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity));
  let total = 0;
  const n = data.frequencies.length;
  for (let i = 0; i < n; i++) {
    const x = data.frequencies[i]!;
    const g = data.group[i]!;
    const lnA3 = -(r + x) * Math.log(alpha + data.T[i]!);
    if (x === 0) {
      total += head[g]! + lnA3;
    } else {
      const lnA4 = dropout[g]! - (r + x) * Math.log(alpha + data.recency[i]!);
      total += head[g]! + logAddExp(lnA3, lnA4);
    }
  }
  return total;
}

export type BgNbdFitOptions = { minRepeatCustomers?: number; initial?: BgNbdParams };

export function fitBgNbd(rows: readonly CustomerSummary[], options: BgNbdFitOptions = {}): BgNbdFit | InsufficientData {
  validateSummaries(rows);
  const required = options.minRepeatCustomers ?? MIN_REPEAT_CUSTOMERS;
  const repeatCustomers = rows.filter((r) => r.frequency > 0).length;
  if (repeatCustomers < required) {
    return {
      status: "insufficient-data",
      reason: `BG/NBD needs at least ${required} repeat customers; the data have ${repeatCustomers}`,
      repeatCustomers,
      required,
    };
  }
  const data = prepareBgNbdData(rows);
  // Starting α at the mean observation length puts the first simplex in the right order of
  // magnitude whether the unit is days or weeks.
  const meanT = data.T.reduce((s, t) => s + t, 0) / data.T.length;
  const initial = options.initial ?? { r: 1, alpha: Math.max(meanT / 10, 1e-3), a: 1, b: 1 };
  const fit = fitByMaximumLikelihood(NAMES, (p) => bgNbdLogLikelihood(p, data), initial);
  return { status: "ok", model: "bgnbd", n: rows.length, repeatCustomers, ...fit };
}
