// Scores every customer of a shop from its transactions (issue 5): BG/NBD + Gamma-Gamma when the
// shop has enough repeat customers, otherwise simple recency/frequency rules, labelled as such.
// Then tiers by CLV quantile and a next-best action with its reasoning. Pure: `now` and the Rng
// for the CLV intervals come from the caller.
import { fitBgNbd, type BgNbdFit } from "./bgnbd";
import { expectedPurchases, probabilityAlive } from "./bgnbd-predict";
import { churnRisk, daysSinceExpectedNextOrder } from "./churn";
import { fitGammaGamma, type GammaGammaFit } from "./gamma-gamma";
import { lifetimeValueWithInterval, unitsPerMonth } from "./lifetime-value";
import { DEFAULT_NBA_RULES, nextBestAction, type NbaAction, type NbaRule } from "./next-best-action";
import type { Rng } from "./random";
import { summaryFromTransactions, type CustomerSummaryRow, type Transaction } from "./summary";
import { assignTiers, DEFAULT_TIER_QUANTILES, type Tier, type TierQuantiles, type TierThresholds } from "./tiers";
import { MIN_REPEAT_CUSTOMERS } from "./types";

export const MODEL_VERSION = "bgnbd-gg-v1";
export const RULES_VERSION = "rules-v1";

export type ScoredCustomer = {
  customerId: string;
  source: "model" | "rules";
  clvMinor: number;
  clvLowMinor: number | null;
  clvHighMinor: number | null;
  expectedPurchases12m: number;
  pAlive: number;
  churnRisk: number;
  daysOverdue: number | null;
  frequency: number;
  orders: number;
  daysSinceLastOrder: number;
  topCategory: string | null;
  tier: Tier;
  nextBestAction: NbaAction;
  nbaRuleId: string | null;
  reasoning: string;
};

export type ScoringResult = {
  status: "ok" | "insufficient_data";
  modelVersion: string;
  /** Why the models were not used (insufficient_data only). */
  reason: string | null;
  n: number;
  repeatCustomers: number;
  bgnbd: BgNbdFit["params"] | null;
  gammaGamma: GammaGammaFit["params"] | null;
  logLikelihood: number | null;
  thresholds: TierThresholds;
  scores: ScoredCustomer[];
};

export type ScoringOptions = {
  now: Date;
  rng: Rng;
  rules?: readonly NbaRule[];
  quantiles?: TierQuantiles;
  topCategories?: ReadonlyMap<string, string>;
  monthlyDiscountRate?: number;
  /** Parameter draws per customer for the CLV interval. */
  draws?: number;
  minRepeatCustomers?: number;
};

const WEEK = 7;
const YEAR_WEEKS = 12 * unitsPerMonth("weeks");
const toMinor = (major: number) => Math.max(0, Math.round(major * 100));

type Base = Omit<ScoredCustomer, "tier" | "nextBestAction" | "nbaRuleId" | "reasoning">;

function history(row: CustomerSummaryRow) {
  const recencyDays = row.recency * WEEK;
  const ageDays = row.T * WEEK;
  return { recencyDays, ageDays, daysSinceLastOrder: ageDays - recencyDays };
}

/**
 * Small-shop rules: P(alive) decays once the customer is past their usual gap (90 days for
 * one-time buyers), the 12-month purchase rate is their observed repeat rate, and CLV is that rate
 * times their mean order value. No interval: these are rules, not estimates.
 */
function ruleScore(row: CustomerSummaryRow, meanOrder: number): Base {
  const { recencyDays, ageDays, daysSinceLastOrder } = history(row);
  const gap = row.frequency > 0 ? Math.max(recencyDays / row.frequency, 7) : 90;
  const pAlive = Math.exp(-Math.max(0, daysSinceLastOrder - gap) / Math.max(gap, 30));
  const expected = pAlive * (row.frequency / Math.max(ageDays, 90)) * 365.25;
  return {
    customerId: row.customerId,
    source: "rules",
    clvMinor: toMinor(expected * meanOrder),
    clvLowMinor: null,
    clvHighMinor: null,
    expectedPurchases12m: expected,
    pAlive,
    churnRisk: churnRisk(pAlive),
    daysOverdue: round(daysSinceExpectedNextOrder({ frequency: row.frequency, recencyDays, ageDays })),
    frequency: row.frequency,
    orders: row.frequency + 1,
    daysSinceLastOrder,
    topCategory: null,
  };
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x);
}

export function scoreCustomers(transactions: readonly Transaction[], o: ScoringOptions): ScoringResult {
  const rows = summaryFromTransactions(transactions, { unit: "weeks", observationEnd: o.now });
  const required = o.minRepeatCustomers ?? MIN_REPEAT_CUSTOMERS;
  const repeatCustomers = rows.filter((r) => r.frequency > 0).length;
  // Mean order value per customer over all orders (first included), for the rules and for display.
  const totals = new Map<string, { sum: number; count: number }>();
  for (const t of transactions) {
    if (t.date.getTime() > o.now.getTime()) continue;
    const s = totals.get(t.customerId) ?? { sum: 0, count: 0 };
    s.sum += t.amount;
    s.count++;
    totals.set(t.customerId, s);
  }
  const meanOrder = (id: string) => {
    const s = totals.get(id);
    return s && s.count ? s.sum / s.count : 0;
  };

  const bg = fitBgNbd(rows, { minRepeatCustomers: required });
  // Gamma-Gamma needs positive spend; free repeat orders are left out of its fit only.
  const gg = fitGammaGamma(rows.filter((r) => r.frequency === 0 || r.monetaryValue > 0), { minRepeatCustomers: required });
  let reason: string | null = null;
  if (bg.status !== "ok") reason = bg.reason;
  else if (gg.status !== "ok") reason = gg.reason;
  else if (gg.params.q <= 1) reason = "the spend model has no finite mean (q ≤ 1); using rules";

  let base: Base[];
  if (reason === null && bg.status === "ok" && gg.status === "ok") {
    // Customers with the same history (one-time buyers acquired the same day, above all) get the
    // same CLV: the interval sampling, most of the cost, runs once per distinct history.
    const intervals = new Map<string, ReturnType<typeof lifetimeValueWithInterval>>();
    const clvOf = (row: CustomerSummaryRow) => {
      const key = `${row.frequency}|${row.recency}|${row.T}|${row.monetaryValue}`;
      let clv = intervals.get(key);
      if (!clv) intervals.set(key, (clv = lifetimeValueWithInterval(bg, gg, row, { unit: "weeks", monthlyDiscountRate: o.monthlyDiscountRate ?? 0.01, months: 12, rng: o.rng, draws: o.draws ?? 100 })));
      return clv;
    };
    base = rows.map((row) => {
      const { recencyDays, ageDays, daysSinceLastOrder } = history(row);
      const pAlive = probabilityAlive(bg.params, row);
      const clv = clvOf(row);
      return {
        customerId: row.customerId,
        source: "model" as const,
        clvMinor: toMinor(clv.estimate),
        clvLowMinor: clv.lower === null ? null : Math.min(toMinor(clv.lower), toMinor(clv.estimate)),
        clvHighMinor: clv.upper === null ? null : Math.max(toMinor(clv.upper), toMinor(clv.estimate)),
        expectedPurchases12m: expectedPurchases(bg.params, YEAR_WEEKS, row),
        pAlive,
        churnRisk: churnRisk(pAlive),
        daysOverdue: round(daysSinceExpectedNextOrder({ frequency: row.frequency, recencyDays, ageDays })),
        frequency: row.frequency,
        orders: row.frequency + 1,
        daysSinceLastOrder,
        topCategory: null,
      };
    });
  } else {
    base = rows.map((row) => ruleScore(row, meanOrder(row.customerId)));
  }

  const { tiers, thresholds } = assignTiers(base.map((b) => b.clvMinor), o.quantiles ?? DEFAULT_TIER_QUANTILES);
  const rules = o.rules ?? DEFAULT_NBA_RULES;
  const scores = base.map((b, i): ScoredCustomer => {
    const tier = tiers[i]!;
    const topCategory = o.topCategories?.get(b.customerId) ?? null;
    const nba = nextBestAction({ ...b, topCategory, tier }, rules);
    const label = b.source === "rules" ? `Rule-based (fewer than ${required} repeat customers, no model): ` : "";
    return { ...b, topCategory, tier, nextBestAction: nba.action, nbaRuleId: nba.ruleId, reasoning: label + nba.reasoning };
  });
  const ok = reason === null && bg.status === "ok" && gg.status === "ok";
  return {
    status: ok ? "ok" : "insufficient_data",
    modelVersion: ok ? MODEL_VERSION : RULES_VERSION,
    reason,
    n: rows.length,
    repeatCustomers,
    bgnbd: bg.status === "ok" ? bg.params : null,
    gammaGamma: gg.status === "ok" ? gg.params : null,
    logLikelihood: bg.status === "ok" ? bg.logLikelihood : null,
    thresholds,
    scores,
  };
}
