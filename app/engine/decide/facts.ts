// The facts that policy conditions and segmentation can address by dotted path. Cart aggregates are
// computed here once, so a rule can say `cart.subtotalMinor gte 10000` without knowing about lines.
import type { DecisionContext } from "./context";
import type { Json } from "./json";

export type Facts = { [key: string]: Json };

const MINUTE_MS = 60_000;

export function cartTotals(lines: DecisionContext["cart"]["lines"]) {
  let subtotalMinor = 0;
  let marginMinor: number | null = 0;
  let itemCount = 0;
  for (const line of lines) {
    subtotalMinor += line.unitPriceMinor * line.quantity;
    itemCount += line.quantity;
    // One unknown cost makes the cart's margin unknown: rules on margin then fail closed.
    marginMinor = marginMinor === null || line.unitCostMinor === null ? null : marginMinor + (line.unitPriceMinor - line.unitCostMinor) * line.quantity;
  }
  return { subtotalMinor, marginMinor, itemCount };
}

const unique = (xs: string[]) => [...new Set(xs)].sort();

export function buildFacts(ctx: DecisionContext): Facts {
  const { cart, history } = ctx;
  const totals = cartTotals(cart.lines);
  const nowMs = Date.parse(ctx.now);
  const now = new Date(nowMs);
  const lastMs = history.lastOfferAt === null ? null : Date.parse(history.lastOfferAt);
  return {
    workflow: ctx.workflow,
    unitId: ctx.unitId,
    mode: ctx.mode,
    experimentArm: ctx.experimentArm,
    cart: {
      currency: cart.currency,
      subtotalMinor: totals.subtotalMinor,
      marginMinor: totals.marginMinor,
      marginPercent: totals.marginMinor === null || totals.subtotalMinor === 0 ? null : (100 * totals.marginMinor) / totals.subtotalMinor,
      itemCount: totals.itemCount,
      lineCount: cart.lines.length,
      hasUnknownCost: cart.lines.some((l) => l.unitCostMinor === null),
      variantIds: unique(cart.lines.map((l) => l.variantId)),
      productIds: unique(cart.lines.map((l) => l.productId)),
      collectionIds: unique(cart.lines.flatMap((l) => l.collectionIds)),
      discountCodes: cart.existingDiscounts.map((d) => d.code),
      hasExistingDiscount: cart.existingDiscounts.length > 0,
    },
    customer: ctx.customer === null ? null : { ...ctx.customer },
    session: { ...ctx.session },
    history: {
      offersToCustomerInWindow: history.offersToCustomerInWindow,
      lastOfferAt: history.lastOfferAt,
      minutesSinceLastOffer: lastMs === null ? null : Math.floor((nowMs - lastMs) / MINUTE_MS),
      shopDiscountSpentTodayMinor: history.shopDiscountSpentTodayMinor,
    },
    now: { iso: ctx.now, hourUtc: now.getUTCHours(), dayOfWeekUtc: now.getUTCDay() },
  };
}

const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/**
 * The value at a dotted path, or undefined. Only own properties of plain objects are followed, so a
 * path like `cart.__proto__` or `cart.toString` finds nothing instead of reaching into the runtime.
 */
export function resolvePath(facts: Facts, path: string): Json | undefined {
  let current: Json | undefined = facts;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current) || !has(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Remembers every path read, so the decision logs exactly the features it used. */
export class FactReader {
  private readonly used = new Map<string, Json>();
  constructor(private readonly facts: Facts) {}

  get(path: string): Json | undefined {
    const value = resolvePath(this.facts, path);
    this.used.set(path, value === undefined ? null : value);
    return value;
  }

  /** The paths read so far, sorted, missing values as null. */
  features(): Record<string, Json> {
    return Object.fromEntries([...this.used.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
