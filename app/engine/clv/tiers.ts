// Customer tiers by CLV quantiles (issue 5): the thresholds are quantiles of the shop's own CLV
// distribution, so "Platinum" means the top 5 % of this shop's customers, whatever its prices.
import { z } from "zod";

export const TIERS = ["platinum", "gold", "silver", "bronze"] as const;
export type Tier = (typeof TIERS)[number];

export const tierQuantilesSchema = z
  .object({ platinum: z.number().gt(0).lt(1), gold: z.number().gt(0).lt(1), silver: z.number().gt(0).lt(1) })
  .refine((q) => q.silver < q.gold && q.gold < q.platinum, { message: "quantiles must rise: silver < gold < platinum" });
export type TierQuantiles = z.infer<typeof tierQuantilesSchema>;

export const DEFAULT_TIER_QUANTILES: TierQuantiles = { platinum: 0.95, gold: 0.8, silver: 0.5 };

export type TierThresholds = { platinum: number; gold: number; silver: number };

/** Linear-interpolation quantile of sorted values (numpy's default, R type 7). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Tier of each CLV, in input order: at or above the platinum quantile is Platinum, and so on down.
 * Ties at a threshold go up, so equal CLVs always share a tier.
 */
export function assignTiers(clvs: readonly number[], quantiles: TierQuantiles = DEFAULT_TIER_QUANTILES): { tiers: Tier[]; thresholds: TierThresholds } {
  const q = tierQuantilesSchema.parse(quantiles);
  const sorted = [...clvs].sort((x, y) => x - y);
  const thresholds = { platinum: quantileSorted(sorted, q.platinum), gold: quantileSorted(sorted, q.gold), silver: quantileSorted(sorted, q.silver) };
  const tiers = clvs.map((c): Tier => (c >= thresholds.platinum ? "platinum" : c >= thresholds.gold ? "gold" : c >= thresholds.silver ? "silver" : "bronze"));
  return { tiers, thresholds };
}
