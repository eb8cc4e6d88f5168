// Guardrails run after every candidate (rule, learning arm or LLM proposal) and cannot be skipped.
// They only ever lower a discount: a percentage is clamped to the tightest limit, and an action that
// cannot be made safe (a gift, free shipping, a blocked order discount) becomes `none`. Every change
// adds a reason. Approval thresholds are separate (thresholds.ts): they route, they do not change.
import { NO_ACTION, type Action } from "./action";
import type { DecisionContext, Item } from "./context";
import { blockingDiscount, eligibleCartLines, findItem, ineligibility, type DiscountClass } from "./eligibility";
import { quote } from "./json";
import { budgetBps, budgetLeft, fromBps, marginAmount, marginBps, percentValue, toBps } from "./limits";

export type GuardrailResult = {
  action: Action;
  /** Money value of the action after guardrails (0 for none and risk routes). */
  discountMinor: number;
  /** Variants the discount may be applied to; empty when nothing is discounted. */
  targetVariantIds: string[];
  reasons: string[];
  /** True when guardrails turned an action into `none`. */
  replaced: boolean;
};

// A template is an id the shop wrote, never free text: an LLM cannot smuggle copy into a message.
const TEMPLATE_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const MINUTE_MS = 60_000;

type Percented = Extract<Action, { percent: number }>;

export function applyGuardrails(action: Action, ctx: DecisionContext): GuardrailResult {
  const g = ctx.guardrails;
  const reasons: string[] = [];
  const ok = (a: Action, discountMinor = 0, targetVariantIds: string[] = []): GuardrailResult => ({ action: a, discountMinor, targetVariantIds, reasons, replaced: false });
  const none = (why: string): GuardrailResult => {
    reasons.push(`guardrail: ${why}; no action`);
    return { action: NO_ACTION, discountMinor: 0, targetVariantIds: [], reasons, replaced: true };
  };

  if (action.type === "none") return ok(action);
  if (!g.allowedActionTypes.includes(action.type)) return none(`action type ${action.type} is not allowed for this shop`);
  if (action.type === "risk_route") {
    return ctx.workflow === "payment_risk" ? ok(action) : none(`risk routes apply only to the payment_risk workflow, not ${ctx.workflow}`);
  }

  // Everything below reaches the customer, so it counts against the frequency cap.
  const { offersToCustomerInWindow: offers, lastOfferAt } = ctx.history;
  const cap = g.frequency.maxOffersPerWindow;
  if (cap !== null && offers >= cap) return none(`frequency cap reached (${offers} offers in window, max ${cap})`);
  const gap = g.frequency.minMinutesBetweenOffers;
  if (gap !== null && lastOfferAt !== null) {
    const minutes = Math.floor((Date.parse(ctx.now) - Date.parse(lastOfferAt)) / MINUTE_MS);
    if (minutes < gap) return none(`last offer ${Math.max(0, minutes)} min ago, minimum gap ${gap} min`);
  }

  const left = budgetLeft(g, ctx.history.shopDiscountSpentTodayMinor);
  const eligible = eligibleCartLines(ctx.cart.lines, g);
  const baseMinor = eligible.lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  const maxBps = toBps(g.maxDiscountPercent);

  /** Clamp a percentage over `items` (base = Σ price × qty) to every limit; 0 when none is possible. */
  const limitPercent = (requested: number, items: Item[], quantities: number[], cls: DiscountClass) => {
    let bps = toBps(requested);
    if (fromBps(bps) !== requested) reasons.push(`guardrail: ${requested}% rounded down to ${fromBps(bps)}% (0.01% steps)`);
    if (bps === 0) return { bps: 0, valueMinor: 0 };
    const blocker = blockingDiscount(ctx, cls);
    if (blocker !== null) {
      reasons.push(`guardrail: existing discount ${quote(blocker)} does not combine with ${cls} discounts; discount removed`);
      return { bps: 0, valueMinor: 0 };
    }
    const base = items.reduce((s, item, i) => s + item.unitPriceMinor * quantities[i]!, 0);
    if (base === 0) {
      reasons.push("guardrail: nothing eligible to discount; discount removed");
      return { bps: 0, valueMinor: 0 };
    }
    const margin = marginBps(items, g);
    const limits: Array<[number, string]> = [
      [maxBps, `max discount ${fromBps(maxBps)}%`],
      [margin.limit, `margin floor on ${margin.variantId}`],
      [budgetBps(base, left), `daily budget (${left} left)`],
    ];
    for (const [limit, label] of limits) {
      if (limit < bps) {
        reasons.push(`guardrail: ${fromBps(bps)}% reduced to ${fromBps(limit)}% (${label})`);
        bps = limit;
      }
    }
    return { bps, valueMinor: percentValue(base, bps) };
  };

  const withPercent = <A extends Percented>(a: A, bps: number): A => ({ ...a, percent: fromBps(bps) });

  switch (action.type) {
    case "percentage_discount":
    case "recovery_message": {
      if (action.type === "recovery_message" && !templateAllowed(action.template, g.allowedTemplates)) {
        return none(`message template ${quote(action.template)} is not an allowed template id`);
      }
      if (eligible.skipped.length > 0) reasons.push(`guardrail: not discounted: ${eligible.skipped.join(", ")}`);
      const r = limitPercent(action.percent, eligible.lines, eligible.lines.map((l) => l.quantity), "order");
      // A message still goes out without its discount; a bare percentage discount of 0 is nothing.
      if (action.type === "percentage_discount" && r.valueMinor === 0) return none("no discount left after limits");
      return ok(withPercent(action, r.bps), r.valueMinor, r.bps > 0 ? eligible.variantIds : []);
    }
    case "fixed_discount": {
      const blocker = blockingDiscount(ctx, "order");
      if (blocker !== null) return none(`existing discount ${quote(blocker)} does not combine with order discounts`);
      if (baseMinor === 0) return none("no eligible lines to discount");
      if (eligible.skipped.length > 0) reasons.push(`guardrail: not discounted: ${eligible.skipped.join(", ")}`);
      const margin = marginAmount(eligible.lines, baseMinor, g);
      let amount = action.amountMinor;
      const limits: Array<[number, string]> = [
        [baseMinor, "eligible subtotal"],
        [Math.floor((baseMinor * maxBps) / 10_000), `max discount ${fromBps(maxBps)}% of eligible subtotal`],
        [margin.limit, `margin floor on ${margin.variantId}`],
        [left, `daily budget (${left} left)`],
      ];
      for (const [limit, label] of limits) {
        if (limit < amount) {
          reasons.push(`guardrail: fixed discount ${amount} reduced to ${limit} (${label})`);
          amount = limit;
        }
      }
      return amount === 0 ? none("no discount left after limits") : ok({ type: "fixed_discount", amountMinor: amount }, amount, eligible.variantIds);
    }
    case "free_shipping": {
      const blocker = blockingDiscount(ctx, "shipping");
      if (blocker !== null) return none(`existing discount ${quote(blocker)} does not combine with shipping discounts`);
      const value = g.shippingCostEstimateMinor ?? 0;
      if (value > left) return none(`free shipping (${value}) exceeds the daily budget left (${left})`);
      return ok(action, value);
    }
    case "gift": {
      // A gift is worth its price and, like a fixed discount, is paid for by the eligible lines' margin.
      const item = findItem(action.variantId, ctx);
      if (item === null) return none(`gift variant ${quote(action.variantId)} is not in the cart or catalog`);
      const why = ineligibility(item, g);
      if (why !== null) return none(`gift ${item.variantId} cannot be discounted (${why})`);
      const blocker = blockingDiscount(ctx, "product");
      if (blocker !== null) return none(`existing discount ${quote(blocker)} does not combine with product discounts`);
      const value = item.unitPriceMinor;
      if (value > baseMinor) return none(`gift value ${value} exceeds the eligible subtotal ${baseMinor}`);
      if (value * 10_000 > baseMinor * maxBps) return none(`gift value ${value} exceeds max discount ${fromBps(maxBps)}% of ${baseMinor}`);
      const margin = marginAmount(eligible.lines, baseMinor, g);
      if (value > margin.limit) return none(`gift value ${value} breaks the margin floor on ${margin.variantId}`);
      if (value > left) return none(`gift value ${value} exceeds the daily budget left (${left})`);
      return ok(action, value, [item.variantId]);
    }
    case "bundle":
    case "upsell": {
      const ids = action.type === "bundle" ? [...new Set(action.variantIds)] : [action.variantId];
      const items = ids.map((id) => findItem(id, ctx));
      const missing = ids.filter((_, i) => items[i] === null);
      if (missing.length > 0) return none(`${action.type} variants not in the cart or catalog: ${missing.slice(0, 5).map((m) => quote(m)).join(", ")}`);
      const known = items as Item[];
      const blocked = known.map((i) => [i.variantId, ineligibility(i, g)] as const).filter(([, why]) => why !== null);
      let bps = toBps(action.percent);
      if (bps > 0 && blocked.length > 0) {
        reasons.push(`guardrail: ${action.type} discount removed: ${blocked.map(([v, why]) => `${v} (${why})`).join(", ")}`);
        bps = 0;
      }
      // The offer is one unit of each variant.
      const r = bps === 0 ? { bps: 0, valueMinor: 0 } : limitPercent(action.percent, known, known.map(() => 1), "product");
      return ok(withPercent(action, r.bps), r.valueMinor, r.bps > 0 ? [...ids].sort() : []);
    }
  }
}

function templateAllowed(template: string, allowed: string[]): boolean {
  return TEMPLATE_ID.test(template) && (allowed.length === 0 || allowed.includes(template));
}
