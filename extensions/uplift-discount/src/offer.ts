// Which token applies to this checkout: the cart's offer if it verifies, else the logged-in
// customer's entitlement (ADR 0005, "Entitlements"), else none. A target asks only for the kinds it
// can apply, so a checkout whose tokens are all of other kinds costs it no hashing at all.
import { parseConfig, type Config } from "./config";
import { metafieldJson, type BuyerIdentity, type InputLine, type JsonMetafield } from "./input";
import { canonicalForm, parseToken, targetLines, verifyToken, type CanonicalCart, type OfferKind, type Token } from "./token";

type OfferInput = {
  shop: { localTime: { date: string } };
  discount: { metafield?: JsonMetafield };
  cart: { metafield?: JsonMetafield; buyerIdentity?: BuyerIdentity; lines: Array<Pick<InputLine, "quantity" | "merchandise">> };
};

export type ResolvedOffer = {
  config: Config;
  token: Token;
  /** For each cart line (in order), whether a percentage offer targets it; null: every line the
   *  config allows (fixed and free-shipping offers, entitlements). */
  targets: readonly boolean[] | null;
};

export function resolveOffer(input: OfferInput, kinds: readonly OfferKind[]): ResolvedOffer | null {
  const customer = input.cart.buyerIdentity?.customer ?? null;
  const offerValue = metafieldJson(input.cart.metafield);
  const entitlementValue = customer ? metafieldJson(customer.metafield) : null;
  // The kind is signed, so a token of another kind can never apply here. The offer must still be
  // verified when the entitlement could apply: a valid offer of any kind takes precedence over it.
  const wanted = (value: unknown) => {
    const kind = parseToken(value)?.kind;
    return kind !== undefined && kinds.includes(kind);
  };
  const entitlementWanted = entitlementValue !== null && wanted(entitlementValue);
  if (!entitlementWanted && !wanted(offerValue)) return null;
  const config = parseConfig(metafieldJson(input.discount.metafield));
  if (!config) return null;
  let cart: CanonicalCart | null | undefined;
  const ctx = {
    config,
    cart: () => (cart === undefined ? (cart = canonicalForm(input.cart.lines)) : cart),
    customerId: typeof customer?.id === "string" ? customer.id : null,
    today: input.shop.localTime.date,
  };
  const offer = offerValue === null ? null : verifyToken(offerValue, "offer", ctx);
  if (offer) {
    if (!kinds.includes(offer.kind)) return null;
    // verifyToken computed the canonical cart to check the binding.
    const targets = offer.kind === "percentage" ? targetLines(offer.targets, ctx.cart()!) : null;
    return { config, token: offer, targets };
  }
  if (!entitlementWanted) return null;
  const entitlement = verifyToken(entitlementValue, "entitlement", ctx);
  return entitlement ? { config, token: entitlement, targets: null } : null;
}
