// Draws customer histories from a known BG/NBD process, to check that a fit recovers its parameters.
import { beta, exponential, gamma, type Rng } from "./random";
import type { BgNbdParams, CustomerSummary, GammaGammaParams } from "./types";

/**
 * One customer observed for T time units after their first purchase: purchases arrive at rate λ,
 * and after each repeat purchase the customer leaves with probability p (never at the first one,
 * which is the model's convention and why P(alive) is 1 when x = 0).
 */
export function simulateBgNbdCustomer({ r, alpha, a, b }: BgNbdParams, T: number, rng: Rng): CustomerSummary {
  const lambda = gamma(rng, r, alpha);
  const p = beta(rng, a, b);
  let time = 0;
  let frequency = 0;
  let recency = 0;
  for (;;) {
    time += exponential(rng, lambda);
    if (time > T) break;
    frequency++;
    recency = time;
    if (rng() < p) break;
  }
  return { frequency, recency, T };
}

export function simulateBgNbd(params: BgNbdParams, customers: number, T: number | ((i: number) => number), rng: Rng): CustomerSummary[] {
  return Array.from({ length: customers }, (_, i) => simulateBgNbdCustomer(params, typeof T === "number" ? T : T(i), rng));
}

/** Mean spend of `frequency` transactions from a Gamma-Gamma customer (ν ~ Gamma(q, v), each value Gamma(p, ν)). */
export function simulateMeanSpend({ p, q, v }: GammaGammaParams, frequency: number, rng: Rng): number {
  if (frequency === 0) return 0;
  const nu = gamma(rng, q, v);
  let total = 0;
  for (let j = 0; j < frequency; j++) total += gamma(rng, p, nu);
  return total / frequency;
}
