// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves"):
// transaction values are Gamma(p, ν) with ν ~ Gamma(q, v) across customers, fitted on the mean
// repeat spend of customers with at least one repeat purchase.
import { fitByMaximumLikelihood, type MleFit } from "./mle";
import { logGamma } from "./special-functions";
import { MIN_REPEAT_CUSTOMERS, validateSummaries, type CustomerSummary, type GammaGammaParams, type InsufficientData } from "./types";

export type GammaGammaFit = { status: "ok"; model: "gammagamma"; n: number } & MleFit<keyof GammaGammaParams>;

const NAMES: (keyof GammaGammaParams)[] = ["p", "q", "v"];

type SpendData = { x: Float64Array; m: Float64Array; lnX: Float64Array; lnM: Float64Array };

function spendData(rows: readonly CustomerSummary[]): SpendData {
  return {
    x: Float64Array.from(rows, (r) => r.frequency),
    m: Float64Array.from(rows, (r) => r.monetaryValue!),
    lnX: Float64Array.from(rows, (r) => Math.log(r.frequency)),
    lnM: Float64Array.from(rows, (r) => Math.log(r.monetaryValue!)),
  };
}

/** ln of the density of the mean spend m̄ of x transactions, summed over customers. */
function logLikelihood({ p, q, v }: GammaGammaParams, d: SpendData): number {
  if (!(p > 0 && q > 0 && v > 0)) return Number.NaN;
  const base = q * Math.log(v) - logGamma(q);
  let total = 0;
  for (let i = 0; i < d.x.length; i++) {
    const px = p * d.x[i]!;
    total += base + logGamma(px + q) - logGamma(px) + (px - 1) * d.lnM[i]! + px * d.lnX[i]! - (px + q) * Math.log(v + d.x[i]! * d.m[i]!);
  }
  return total;
}

/** The Gamma-Gamma log-likelihood of the repeat customers among `rows` (others are ignored). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly CustomerSummary[]): number {
  return logLikelihood(params, spendData(rows.filter((r) => r.frequency > 0)));
}

export type GammaGammaFitOptions = { minRepeatCustomers?: number; initial?: GammaGammaParams };

export function fitGammaGamma(rows: readonly CustomerSummary[], options: GammaGammaFitOptions = {}): GammaGammaFit | InsufficientData {
  validateSummaries(rows, true);
  const repeat = rows.filter((r) => r.frequency > 0);
  const required = options.minRepeatCustomers ?? MIN_REPEAT_CUSTOMERS;
  if (repeat.length < required) {
    return {
      status: "insufficient-data",
      reason: `Gamma-Gamma needs at least ${required} repeat customers; the data have ${repeat.length}`,
      repeatCustomers: repeat.length,
      required,
    };
  }
  const data = spendData(repeat);
  const meanSpend = data.m.reduce((s, m) => s + m, 0) / data.m.length;
  // Starting from p = q = 2 with v matching the mean spend (E[m] = p v / (q − 1)).
  const initial = options.initial ?? { p: 2, q: 2, v: meanSpend / 2 };
  const fit = fitByMaximumLikelihood(NAMES, (params) => logLikelihood(params, data), initial);
  return { status: "ok", model: "gammagamma", n: repeat.length, ...fit };
}

/**
 * E[M | p, q, v, x, m̄]: a customer's expected mean spend, the population mean pv/(q − 1) shrunk
 * toward their own m̄ as x grows. For x = 0 it is the population mean (needs q > 1).
 */
export function expectedAverageSpend({ p, q, v }: GammaGammaParams, frequency: number, monetaryValue: number): number {
  const x = frequency;
  return (p * (v + x * (x > 0 ? monetaryValue : 0))) / (p * x + q - 1);
}
