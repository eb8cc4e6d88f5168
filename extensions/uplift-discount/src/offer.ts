// Which token applies to this checkout: the cart's offer if it verifies, else the logged-in
// customer's entitlement (ADR 0005, "Entitlements"), else none. A target asks only for the kinds it
// can apply, so a checkout whose tokens are all of other kinds costs it no hashing at all.
import { parseConfig, type Config } from "./config";
import { metafieldJson, type BuyerIdentity, type InputLine, type JsonMetafield } from "./input";
import { canonicalForm, checkToken, parseToken, targetMask, type CanonicalCart, type OfferKind, type Token } from "./token";

type OfferInput = {
  shop: { localTime: { date: string } };
  discount: { metafield?: JsonMetafield };
  cart: { metafield?: JsonMetafield; buyerIdentity?: BuyerIdentity; lines: Array<Pick<InputLine, "quantity" | "merchandise">> };
};

export type ResolvedOffer = {
  config: Config;
  token: Token;
  /** For each cart line (in order), 1 when a percentage offer targets it, else 0; null: every line
   *  the config allows (fixed and free-shipping offers, entitlements, a bitmap naming every entry). */
  targets: Uint8Array | null;
};

export function resolveOffer(input: OfferInput, kinds: readonly OfferKind[]): ResolvedOffer | null {
  const customer = input.cart.buyerIdentity?.customer ?? null;
  // Each token is parsed (check 1) once, here, and checked further only if it can matter.
  const offer = parseToken(metafieldJson(input.cart.metafield));
  const entitlement = customer ? parseToken(metafieldJson(customer.metafield)) : null;
  // The kind is signed, so a token of another kind can never apply here. The offer must still be
  // verified when the entitlement could apply: a valid offer of any kind takes precedence over it.
  const entitlementWanted = entitlement !== null && kinds.includes(entitlement.kind);
  if (!entitlementWanted && !(offer !== null && kinds.includes(offer.kind))) return null;
  const config = parseConfig(metafieldJson(input.discount.metafield));
  if (!config) return null;
  let cart: CanonicalCart | null | undefined;
  const ctx = {
    config,
    cart: () => (cart === undefined ? (cart = canonicalForm(input.cart.lines)) : cart),
    customerId: typeof customer?.id === "string" ? customer.id : null,
    today: input.shop.localTime.date,
  };
  const verified = offer === null ? null : checkToken(offer, "offer", ctx);
  if (verified) {
    if (!kinds.includes(verified.kind)) return null;
    // checkToken computed the canonical cart to check the binding.
    const targets = verified.kind === "percentage" ? targetMask(verified.targets, ctx.cart()!) : null;
    return { config, token: verified, targets };
  }
  if (!entitlementWanted) return null;
  const granted = checkToken(entitlement, "entitlement", ctx);
  return granted ? { config, token: granted, targets: null } : null;
}
