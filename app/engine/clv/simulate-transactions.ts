// Transaction-level draws from known BG/NBD (and Gamma-Gamma) parameters, for calibration checks
// and for seeding test shops: unlike simulateBgNbd, these carry dates and amounts.
import { beta, exponential, gamma, type Rng } from "./random";
import type { Transaction } from "./summary";
import type { BgNbdParams, GammaGammaParams } from "./types";

export type SimulatedTransactionsOptions = {
  customers: number;
  /** First purchase of customer i, e.g. spread over the first months of the period. */
  firstPurchase: (i: number) => Date;
  /** Nothing after this date is drawn. */
  end: Date;
  /** The unit of α (and of the purchase rate). */
  unit: "days" | "weeks";
  spend: GammaGammaParams;
  rng: Rng;
  customerId?: (i: number) => string;
};

const MS_PER_DAY = 86_400_000;

export function simulateBgNbdTransactions(params: BgNbdParams, o: SimulatedTransactionsOptions): Transaction[] {
  const unitMs = (o.unit === "weeks" ? 7 : 1) * MS_PER_DAY;
  const out: Transaction[] = [];
  for (let i = 0; i < o.customers; i++) {
    const id = o.customerId ? o.customerId(i) : `c${i}`;
    const start = o.firstPurchase(i).getTime();
    const lambda = gamma(o.rng, params.r, params.alpha);
    const dropout = beta(o.rng, params.a, params.b);
    const nu = gamma(o.rng, o.spend.q, o.spend.v);
    const amount = () => Math.round(gamma(o.rng, o.spend.p, nu) * 100) / 100 || 0.01;
    out.push({ customerId: id, date: new Date(start), amount: amount() });
    let time = start;
    for (;;) {
      time += exponential(o.rng, lambda) * unitMs;
      if (time > o.end.getTime()) break;
      out.push({ customerId: id, date: new Date(time), amount: amount() });
      if (o.rng() < dropout) break;
    }
  }
  return out;
}
