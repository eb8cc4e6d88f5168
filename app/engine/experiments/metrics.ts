// Per-unit outcome rows reduced to the sufficient statistics app/engine/stats analyses, one set
// per arm. Production computes the same sums in SQL; this is the reference implementation and
// the one the tests and the CLI use.
import { z } from "zod";
import { formatIssues, StatsError } from "../stats/errors";
import type { CupedStatistic, MeanStatistic, ProportionStatistic } from "../stats/statistics";

const money = z.number().finite().nonnegative("amounts must be >= 0");

export const unitOutcome = z
  .object({
    unitId: z.string().min(1),
    arm: z.string().min(1),
    converted: z.boolean(),
    /** Gross revenue before discounts, in minor units (cents). */
    revenueMinor: money,
    costMinor: money,
    refundedMinor: money,
    discountMinor: money,
    /** Revenue in the pre-period; absent means none was recorded (counted as 0 for CUPED). */
    preRevenueMinor: money.optional(),
  })
  .strict();

export type UnitOutcome = z.input<typeof unitOutcome>;

/** Sufficient statistics for one arm. Means are per visitor, in minor units. */
export type ArmSummary = {
  arm: string;
  /** Units observed: the count the sample-ratio-mismatch check uses. */
  n: number;
  conversion: ProportionStatistic;
  revenue: MeanStatistic;
  /** Revenue − refunds − cost − discount per visitor. */
  profit: MeanStatistic;
  /** Revenue with the pre-period as covariate; null when no row carries a pre-period. */
  revenueCuped: CupedStatistic | null;
};

type Sums = { n: number; conversions: number; rev: number; rev2: number; profit: number; profit2: number; pre: number; pre2: number; revPre: number };
const empty = (): Sums => ({ n: 0, conversions: 0, rev: 0, rev2: 0, profit: 0, profit2: 0, pre: 0, pre2: 0, revPre: 0 });

/**
 * Summarise per-unit rows by arm, in first-seen order. Throws StatsError on malformed rows or a
 * unit that appears twice (rows must already be aggregated per unit; a unit in two arms is an
 * assignment bug that would otherwise bias every metric silently).
 */
export function summarizeArms(rows: UnitOutcome[]): ArmSummary[] {
  const parsed = z.array(unitOutcome).safeParse(rows);
  if (!parsed.success) throw new StatsError(`invalid outcome rows: ${formatIssues(parsed.error)}`);
  const byArm = new Map<string, Sums>();
  const seen = new Map<string, string>();
  // GrowthBook treats a unit without pre-period data as 0, which is what "no revenue" means here;
  // CUPED is only produced when the pre-period was collected at all.
  const hasPre = parsed.data.some((r) => r.preRevenueMinor !== undefined);
  for (const r of parsed.data) {
    const previous = seen.get(r.unitId);
    if (previous !== undefined) throw new StatsError(`unit ${r.unitId} appears more than once (arms ${previous} and ${r.arm}); aggregate rows per unit first`);
    seen.set(r.unitId, r.arm);
    let s = byArm.get(r.arm);
    if (!s) byArm.set(r.arm, (s = empty()));
    const profit = r.revenueMinor - r.refundedMinor - r.costMinor - r.discountMinor;
    const pre = r.preRevenueMinor ?? 0;
    s.n += 1;
    s.conversions += r.converted ? 1 : 0;
    s.rev += r.revenueMinor;
    s.rev2 += r.revenueMinor ** 2;
    s.profit += profit;
    s.profit2 += profit ** 2;
    s.pre += pre;
    s.pre2 += pre ** 2;
    s.revPre += r.revenueMinor * pre;
  }
  return [...byArm].map(([arm, s]) => {
    const revenue: MeanStatistic = { type: "mean", n: s.n, sum: s.rev, sumSquares: s.rev2 };
    return {
      arm,
      n: s.n,
      conversion: { type: "proportion", n: s.n, sum: s.conversions },
      revenue,
      profit: { type: "mean", n: s.n, sum: s.profit, sumSquares: s.profit2 },
      revenueCuped: hasPre
        ? { type: "cuped", n: s.n, post: { type: "mean", sum: s.rev, sumSquares: s.rev2 }, pre: { type: "mean", sum: s.pre, sumSquares: s.pre2 }, sumProducts: s.revPre }
        : null,
    };
  });
}
