// BG/NBD predictions for one customer from fitted parameters (Fader, Hardie & Lee 2005, eq. 10 and
// the P(alive) expression in their appendix). All times in the unit the model was fitted in.
import { hyp2f1 } from "./special-functions";
import type { BgNbdParams } from "./types";

type History = { frequency: number; recency: number; T: number };

/** ln of the odds that the customer has dropped out, given the history (−∞ when x = 0). */
function logDropoutOdds({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency, T }: History): number {
  if (x === 0) return -Infinity;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + recency));
}

/** P(alive | x, t_x, T). Exactly 1 for customers without a repeat purchase (they cannot have dropped out yet). */
export function probabilityAlive(params: BgNbdParams, history: History): number {
  const lo = logDropoutOdds(params, history);
  return lo === -Infinity ? 1 : 1 / (1 + Math.exp(lo));
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units. */
export function expectedPurchases(params: BgNbdParams, t: number, history: History): number {
  if (t <= 0) return 0;
  return expectedPurchasesCurve(params, history, t, 1)[0]!;
}

/**
 * E[Y(k · step)] for k = 1 … count: the cumulative curve CLV needs month by month, sharing the
 * per-customer work (P(alive) and the constant factor) across the horizons.
 */
export function expectedPurchasesCurve(params: BgNbdParams, history: History, step: number, count: number): number[] {
  const { r, alpha, a, b } = params;
  const x = history.frequency;
  const scale = ((a + b + x - 1) / (a - 1)) * probabilityAlive(params, history);
  const start = alpha + history.T;
  const out = new Array<number>(count);
  for (let k = 1; k <= count; k++) {
    const t = k * step;
    const horizon = start + t;
    const survival = Math.exp((r + x) * Math.log(start / horizon));
    out[k - 1] = scale * (1 - survival * hyp2f1(r + x, b + x, a + b + x - 1, t / horizon));
  }
  return out;
}

/** E[X(t)]: expected purchases in a period of length t for a customer just acquired (eq. 9). */
export function expectedPurchasesNewCustomer({ r, alpha, a, b }: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}
