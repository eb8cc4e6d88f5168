// The checkout incentive as the shopper's surface asks for it: the cart the Checkout UI extension
// sees (money as Shopify sends it), decided by decideFor() under the shop's flag, experiment and
// guardrails, answered with only what the surface renders. No LLM on this path: it runs while the
// shopper waits, and Shopify asks checkout network calls to stay well under a second.
import { z } from "zod";
import type { Action, Item } from "../engine/decide";
import { decideFor, type DecisionRequest } from "./decide.server";

/** Shopify's CartLine shape, cut down to what a decision reads; anything else the extension sends is dropped. */
const moneySchema = z.object({
  // The UI extension API types amounts as numbers; Storefront and Admin send decimal strings. Both are
  // accepted and converted exactly (no float arithmetic) in toMinor().
  amount: z.union([z.string().regex(/^\d{1,13}(\.\d{1,12})?$/, "a decimal amount such as 19.99"), z.number().finite().nonnegative()]),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
});
const lineSchema = z.object({
  merchandise: z.object({ id: z.string().min(1).max(200), product: z.object({ id: z.string().min(1).max(200) }) }),
  quantity: z.number().int().positive().max(10_000),
  cost: z.object({ totalAmount: moneySchema }),
});

export const MAX_LINES = 250;

export const checkoutDecisionBodySchema = z
  .object({
    /** shopify.checkoutToken: the unit for a buyer who is not logged in. */
    checkoutToken: z.string().min(1).max(200).optional(),
    /** Honoured only when it equals the session token's `sub` (see checkoutDecision). */
    customerId: z.string().min(1).max(200).optional(),
    currencyCode: z.string().regex(/^[A-Z]{3}$/),
    lines: z.array(lineSchema).min(1).max(MAX_LINES),
    /** shopify.discountCodes: codes already on the checkout. */
    discountCodes: z.array(z.object({ code: z.string().min(1).max(255) })).max(25).default([]),
    device: z.enum(["mobile", "tablet", "desktop", "unknown"]).default("unknown"),
    /** shopify.localization.country isoCode. */
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .superRefine((body, ctx) => {
    body.lines.forEach((line, i) => {
      const { amount, currencyCode } = line.cost.totalAmount;
      if (currencyCode !== body.currencyCode) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "cost", "totalAmount", "currencyCode"], message: `expected ${body.currencyCode}, the checkout's currency` });
      } else if (toMinor(amount, currencyCode) === null) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "cost", "totalAmount", "amount"], message: `not an exact ${currencyCode} amount` });
      }
    });
  });
export type CheckoutDecisionBody = z.infer<typeof checkoutDecisionBodySchema>;

/** What the shopper's surface may see: never reasons, costs, rule ids or other internals. */
export type ShopperAction =
  | { type: "none" }
  | { type: "percentage_discount"; percent: number }
  | { type: "fixed_discount"; amount: { amount: string; currencyCode: string } }
  | { type: "free_shipping" }
  | { type: "gift"; variantId: string }
  | { type: "bundle"; variantIds: string[]; percent: number }
  | { type: "upsell"; variantId: string; percent: number };

export type CheckoutOffer = {
  /** null when the workflow is off for this buyer: nothing was decided or stored. */
  decisionId: string | null;
  action: ShopperAction;
  /** Short English copy; the extension may prefer its own translations keyed by action.type. */
  message?: string;
  targetVariantIds: string[];
};

export type CheckoutDecisionOptions = {
  /** The verified buyer: the session token's `sub`, present only for a logged-in buyer. */
  customerGid?: string | null;
  /**
   * Trusted, server-side items with unit costs. For now only callers inside the app (tests, the
   * benchmark) pass one; unit costs will come from the product cache (synced from the Admin API's
   * InventoryItem.unitCost). Never from the request body: a shopper could lower a cost to pass the
   * margin floor. A line without a known cost gets null, which the engine never discounts.
   */
  catalog?: Item[];
  now?: Date;
  seed?: string;
};

const NONE: ShopperAction = Object.freeze({ type: "none" });

const digitsCache = new Map<string, number>();
/** ISO 4217 minor-unit digits (JPY 0, USD 2, KWD 3), from the runtime's CLDR data. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** An exact decimal amount in minor units, or null when it is not one (more precision than the currency has). */
export function toMinor(amount: string | number, currency: string): number | null {
  const text = typeof amount === "number" ? String(amount) : amount;
  const m = /^(\d{1,13})(?:\.(\d{1,12}))?$/.exec(text); // String(1e21) is "1e+21": refused here
  if (!m) return null;
  const digits = minorDigits(currency);
  const frac = m[2] ?? "";
  if (/[1-9]/.test(frac.slice(digits))) return null;
  const minor = Number(m[1]) * 10 ** digits + Number(frac.slice(0, digits).padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

function formatMoney(minor: number, currency: string): { amount: string; currencyCode: string } {
  const digits = minorDigits(currency);
  const whole = Math.floor(minor / 10 ** digits);
  const frac = String(minor % 10 ** digits).padStart(digits, "0");
  return { amount: digits ? `${whole}.${frac}` : String(whole), currencyCode: currency };
}

/**
 * Cart lines in engine terms. A line's total may not split evenly over its quantity (3 for $10.00):
 * the line becomes two lines of the same variant whose unit prices differ by one minor unit, so the
 * subtotal stays exact and the engine still treats the variant as one.
 */
function cartLines(body: CheckoutDecisionBody, costs: Map<string, Item>) {
  return body.lines.flatMap((line) => {
    const total = toMinor(line.cost.totalAmount.amount, body.currencyCode)!; // checked by the schema
    const unit = Math.floor(total / line.quantity);
    const rest = total - unit * line.quantity;
    const known = costs.get(line.merchandise.id);
    const base = {
      variantId: line.merchandise.id,
      productId: line.merchandise.product.id,
      collectionIds: known?.collectionIds ?? [],
      unitCostMinor: known ? known.unitCostMinor : null,
    };
    const lines = [{ ...base, quantity: line.quantity - rest, unitPriceMinor: unit }];
    if (rest > 0) lines.push({ ...base, quantity: rest, unitPriceMinor: unit + 1 });
    return lines.filter((l) => l.quantity > 0);
  });
}

function shopperAction(action: Action, discountMinor: number, currency: string): { action: ShopperAction; message?: string } {
  const pct = (p: number) => `${Number(p.toFixed(2))}%`;
  switch (action.type) {
    case "percentage_discount":
      return { action: { type: action.type, percent: action.percent }, message: `Take ${pct(action.percent)} off your order` };
    case "fixed_discount": {
      const amount = formatMoney(discountMinor, currency);
      const shown = new Intl.NumberFormat("en", { style: "currency", currency }).format(Number(amount.amount));
      return { action: { type: action.type, amount }, message: `Take ${shown} off your order` };
    }
    case "free_shipping":
      return { action: { type: action.type }, message: "Free shipping on your order" };
    case "gift":
      return { action: { type: action.type, variantId: action.variantId }, message: "A free gift with your order" };
    case "bundle":
      return { action: { type: action.type, variantIds: action.variantIds, percent: action.percent }, message: `Complete the bundle and take ${pct(action.percent)} off` };
    case "upsell":
      return { action: { type: action.type, variantId: action.variantId, percent: action.percent }, message: `Add this item for ${pct(action.percent)} off` };
    default:
      // none, and actions that are not for this surface (recovery messages, risk routes).
      return { action: NONE };
  }
}

/**
 * Decides the checkout incentive for one buyer and returns what the shopper's surface shows.
 * Everything else (reasons, costs, rule, arm, propensity) is in the stored decision and its audit
 * entry. A decision waiting for approval shows nothing: a person has not said yes yet.
 * @example
 * const offer = await checkoutDecision(shop, body, { customerGid: sessionToken.sub ?? null });
 * if (offer.action.type !== "none") render(offer.message);
 */
export async function checkoutDecision(shop: string, body: CheckoutDecisionBody, options: CheckoutDecisionOptions = {}): Promise<CheckoutOffer> {
  const customerGid = options.customerGid ?? null;
  // The unit is the verified customer, else this checkout. A body customerId that the token does
  // not vouch for is ignored: it would let a buyer spend someone else's frequency cap.
  const unitId = customerGid ?? (body.checkoutToken ? `checkout:${body.checkoutToken}` : null);
  if (unitId === null) return { decisionId: null, action: NONE, targetVariantIds: [] };
  const costs = new Map((options.catalog ?? []).map((i) => [i.variantId, i]));
  const request: DecisionRequest = {
    workflow: "checkout_incentive",
    unitId,
    customerGid,
    cartToken: body.checkoutToken ?? null,
    cart: {
      currency: body.currencyCode,
      lines: cartLines(body, costs),
      // The surface knows the codes but not how they combine: assume they do not (fail closed),
      // so our discount never silently displaces or stacks on one the buyer entered.
      existingDiscounts: body.discountCodes.map((d) => ({ code: d.code, combinesWithOrder: false, combinesWithProduct: false, combinesWithShipping: false })),
    },
    // The customer profile (tier, churn risk, predicted value) will come from the customer cache;
    // until then rules on customer.* do not match on this path.
    customer: null,
    session: { device: body.device, country: body.country ?? "ZZ", source: "checkout", riskScore: null },
    catalog: options.catalog ?? [],
  };
  const result = await decideFor(shop, request, { ...(options.now ? { now: options.now } : {}), ...(options.seed ? { seed: options.seed } : {}) });
  const decision = result.decision;
  if (!decision || decision.outcome !== "apply") return { decisionId: result.decisionId, action: NONE, targetVariantIds: [] };
  const shown = shopperAction(decision.action, decision.discountMinor, body.currencyCode);
  if (shown.action.type === "none") return { decisionId: result.decisionId, action: NONE, targetVariantIds: [] };
  return { decisionId: result.decisionId, ...shown, targetVariantIds: decision.targetVariantIds ?? [] };
}
