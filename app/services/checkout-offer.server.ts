// The offer the Checkout UI extension shows: the engine's checkout decision (flags, experiment arm,
// guardrails, approvals) turned into a signed token the discount Function can verify on its own.
// A decision waiting for approval, or one this surface cannot apply, shows nothing.
import { bindableCart, signOffer, targetBitmap, type OfferKind, type OfferToken } from "../lib/offer-token.server";
import { checkoutDecision, type CheckoutDecisionBody, type CheckoutDecisionOptions, type ShopperAction } from "./checkout-decision.server";
import { signingKey } from "./offer-keys.server";

/** Long enough to finish a checkout, short enough that a copied token goes stale. */
export const OFFER_TTL_MS = 2 * 60 * 60 * 1000;

export type ShownAction = Extract<ShopperAction, { type: "percentage_discount" | "fixed_discount" | "free_shipping" }>;

export type CheckoutOfferAnswer =
  | { offer: null }
  | { offer: { id: string; action: ShownAction; expiresAt: string; token: OfferToken } };

function tokenTerms(action: ShopperAction): { kind: OfferKind; value: string; action: ShownAction } | null {
  switch (action.type) {
    case "percentage_discount":
      return { kind: "percentage", value: String(Number(action.percent.toFixed(2))), action };
    case "fixed_discount":
      return { kind: "fixed", value: action.amount.amount, action };
    case "free_shipping":
      return { kind: "free_shipping", value: "0", action };
    default:
      // Gifts, bundles and upsells add lines to the cart, which this surface does not do yet.
      return null;
  }
}

/**
 * Decides, and signs what was decided: the token binds the offer to this shop, this cart's
 * variants and quantities, the logged-in customer (if any) and an expiry.
 * @example
 * const answer = await checkoutOffer(shop, body, { customerGid: tokenCustomer(sessionToken.sub) });
 */
export async function checkoutOffer(shop: string, body: CheckoutDecisionBody, options: CheckoutDecisionOptions = {}): Promise<CheckoutOfferAnswer> {
  const now = options.now ?? new Date();
  const lines = body.lines.map((l) => ({ variantId: l.merchandise.id, quantity: l.quantity }));
  // A line the discount Function cannot bind (not a product variant) means no offer, and no decision logged for it.
  if (!bindableCart(lines)) return { offer: null };
  const decided = await checkoutDecision(shop, body, { ...options, now });
  if (decided.decisionId === null) return { offer: null };
  const terms = tokenTerms(decided.action);
  if (!terms) return { offer: null };
  const key = await signingKey(shop);
  const exp = new Date(now.getTime() + OFFER_TTL_MS).toISOString();
  const token = signOffer(
    {
      shop,
      oid: decided.decisionId,
      kind: terms.kind,
      value: terms.value,
      cur: body.currencyCode,
      targets: terms.kind === "percentage" ? targetBitmap(lines, decided.targetVariantIds) : "",
      exp,
      cart: lines,
      cust: options.customerGid ?? "",
    },
    key,
  );
  return { offer: { id: decided.decisionId, action: terms.action, expiresAt: exp, token } };
}
