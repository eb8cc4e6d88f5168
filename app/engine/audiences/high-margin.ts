import { behaviorKey, parseBehaviorKey, utcDay } from "./keys";
import type { BehaviorRow } from "./schema";

// "High-margin item added to cart" is derived, not counted: each product_added_to_cart row whose
// variant's margin reaches the shop's rate also counts as high_margin_in_cart, on the same day. The
// margin comes from the caller (Shopify's InventoryItem.unitCost against the variant's price, read
// through the Admin API), never from the storefront event. A variant without a known cost is not
// high-margin.

export const ADD_TO_CART = "product_added_to_cart";
export const HIGH_MARGIN = "high_margin_in_cart";

/** (price − cost) / price, or null when either is unknown or the price is not positive. */
export function marginRate(price: number | null, cost: number | null): number | null {
  if (price === null || cost === null || !Number.isFinite(price) || !Number.isFinite(cost) || price <= 0) return null;
  return (price - cost) / price;
}

/** Variants added to the cart within the last `withinDays` UTC days: the ones whose margin matters. */
export function cartVariants(counts: readonly BehaviorRow[], now: Date, withinDays: number): string[] {
  const today = utcDay(now);
  const ids = new Set<string>();
  for (const row of counts) {
    const day = utcDay(row.day);
    const key = parseBehaviorKey(row.key);
    if (key.event === ADD_TO_CART && key.id && day <= today && day > today - withinDays) ids.add(key.id);
  }
  return [...ids];
}

/** The counts plus one high_margin_in_cart row per add-to-cart row of a variant at or above `minRate`. */
export function withHighMarginCounts(counts: readonly BehaviorRow[], margins: ReadonlyMap<string, number | null>, minRate: number): BehaviorRow[] {
  const derived: BehaviorRow[] = [];
  for (const row of counts) {
    const key = parseBehaviorKey(row.key);
    if (key.event !== ADD_TO_CART || !key.id) continue;
    const rate = margins.get(key.id);
    if (rate !== null && rate !== undefined && rate >= minRate) derived.push({ key: behaviorKey(HIGH_MARGIN, key.id), day: row.day, count: row.count });
  }
  return [...counts, ...derived];
}
