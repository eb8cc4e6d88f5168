// Which variants may carry a discount, and whether the cart's existing discounts allow ours.
import type { CartLine, DecisionContext, Item } from "./context";
import type { GuardrailSettings } from "./guardrail-settings";

/** Why an item may not be discounted, or null when it may. */
export function ineligibility(item: Item, g: GuardrailSettings): string | null {
  if (item.unitCostMinor === null) return "unknown cost";
  if (g.excluded.variantIds.includes(item.variantId)) return "excluded variant";
  if (g.excluded.productIds.includes(item.productId)) return "excluded product";
  if (item.collectionIds.some((c) => g.excluded.collectionIds.includes(c))) return "excluded collection";
  if (g.eligible === "all") return null;
  const eligible = g.eligible;
  if (eligible.productIds.includes(item.productId) || item.collectionIds.some((c) => eligible.collectionIds.includes(c))) return null;
  return "not in the eligible products or collections";
}

export type EligibleLines = { lines: CartLine[]; variantIds: string[]; skipped: string[] };

/**
 * The cart lines a discount may apply to. Discounts target variants, so a variant is dropped entirely
 * when any of its lines is ineligible (two lines of one variant with different data must not let the
 * ineligible one ride along).
 */
export function eligibleCartLines(lines: CartLine[], g: GuardrailSettings): EligibleLines {
  const why = new Map<string, string>();
  for (const line of lines) {
    const reason = ineligibility(line, g);
    if (reason !== null && !why.has(line.variantId)) why.set(line.variantId, reason);
  }
  const kept = lines.filter((l) => !why.has(l.variantId));
  return {
    lines: kept,
    variantIds: [...new Set(kept.map((l) => l.variantId))].sort(),
    skipped: [...why.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([v, r]) => `${v} (${r})`),
  };
}

/** A variant by id: the cart's line first (its price is what the customer sees), then the catalog. */
export function findItem(variantId: string, ctx: DecisionContext): Item | null {
  return ctx.cart.lines.find((l) => l.variantId === variantId) ?? ctx.catalog.find((i) => i.variantId === variantId) ?? null;
}

export type DiscountClass = "order" | "product" | "shipping";

/** The first existing discount code that does not combine with a discount of this class, if any. */
export function blockingDiscount(ctx: DecisionContext, cls: DiscountClass): string | null {
  const key = cls === "order" ? "combinesWithOrder" : cls === "product" ? "combinesWithProduct" : "combinesWithShipping";
  return ctx.cart.existingDiscounts.find((d) => !d[key])?.code ?? null;
}
