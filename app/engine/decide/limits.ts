// Discount arithmetic. Percentages are handled as whole basis points (0.01 %), rounded down, so that
// every cap is exact integer arithmetic; a discount's money value is rounded up, so budgets and
// thresholds never see less than the customer gets.
import type { GuardrailSettings } from "./guardrail-settings";
import type { Item } from "./context";

export const BPS_PER_PERCENT = 100;
const FULL = 10_000;
// Float slack when flooring a quotient that is mathematically an integer (e.g. 0.29 × 100).
const EPS = 1e-9;

export const toBps = (percent: number) => Math.max(0, Math.floor(percent * BPS_PER_PERCENT + EPS));
export const fromBps = (bps: number) => bps / BPS_PER_PERCENT;

/** Money value of a percentage of a base, rounded up. */
export const percentValue = (baseMinor: number, bps: number) => Math.ceil((baseMinor * bps) / FULL - EPS);

/** The least margin a unit at this price must keep. */
export function marginFloorMinor(priceMinor: number, g: GuardrailSettings): number {
  return Math.max((priceMinor * g.marginFloor.percentOfPrice) / 100, g.marginFloor.minMinor);
}

/** Headroom of one unit: how much discount it can absorb and still meet the floor (may be negative). */
function headroom(item: Item, g: GuardrailSettings): number {
  return item.unitPriceMinor - (item.unitCostMinor ?? Infinity) - marginFloorMinor(item.unitPriceMinor, g);
}

export type Binding = { limit: number; variantId: string | null };

/** Highest basis points every item can take at the margin floor; items priced 0 get no discount. */
export function marginBps(items: Item[], g: GuardrailSettings): Binding {
  let best: Binding = { limit: Infinity, variantId: null };
  for (const item of items) {
    if (item.unitPriceMinor <= 0) continue;
    const limit = Math.max(0, Math.floor((headroom(item, g) * FULL) / item.unitPriceMinor + EPS));
    if (limit < best.limit) best = { limit, variantId: item.variantId };
  }
  return best;
}

/**
 * Highest fixed amount that, allocated over the items in proportion to price, leaves every unit at
 * or above its floor: amount × price / base ≤ headroom for each item.
 */
export function marginAmount(items: Item[], baseMinor: number, g: GuardrailSettings): Binding {
  let best: Binding = { limit: Infinity, variantId: null };
  for (const item of items) {
    if (item.unitPriceMinor <= 0) continue;
    const limit = Math.max(0, Math.floor((headroom(item, g) * baseMinor) / item.unitPriceMinor + EPS));
    if (limit < best.limit) best = { limit, variantId: item.variantId };
  }
  return best;
}

/** What is left of today's budget; Infinity when the shop has none. */
export function budgetLeft(g: GuardrailSettings, spentTodayMinor: number): number {
  return g.dailyBudgetMinor === null ? Infinity : Math.max(0, g.dailyBudgetMinor - spentTodayMinor);
}

/** Highest basis points whose rounded-up value still fits in `leftMinor`. */
export const budgetBps = (baseMinor: number, leftMinor: number) => (baseMinor <= 0 || leftMinor === Infinity ? Infinity : Math.floor((leftMinor * FULL) / baseMinor));
