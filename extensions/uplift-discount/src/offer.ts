// Which token applies to this checkout: the cart's offer if it verifies, else the logged-in
// customer's entitlement (ADR 0005, "Entitlements"), else none. A target asks only for the kinds it
// can apply, so a checkout whose tokens are all of other kinds costs it no hashing at all.
import { groupedBinding, lineBinding, type Binding } from "./binding";
import { canonicalEntries, canonicalForm, type CanonicalCart, type CanonicalEntries } from "./canonical";
import { parseConfig, type Config } from "./config";
import { metafieldJson, type BindingLine, type BuyerIdentity, type JsonMetafield } from "./input";
import { targetMask } from "./targets";
import { checkToken, parseToken, type OfferKind, type Token, type TokenContext } from "./token";

type OfferInput = {
  shop: { localTime: { date: string } };
  discount: { metafield?: JsonMetafield };
  cart: { metafield?: JsonMetafield; buyerIdentity?: BuyerIdentity; lines: readonly BindingLine[] };
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
  const lines = input.cart.lines;
  // Each is computed at most once (a binding once per key point and reading), and only when a token
  // needs it.
  let canonical: CanonicalCart | null | undefined;
  const bound = new Map<string, Binding | null>();
  const binding = (k: bigint, grouped: boolean): Binding | null => {
    const at = `${grouped ? "g" : "l"}${k}`;
    if (!bound.has(at)) bound.set(at, grouped ? groupedBinding(lines, k) : lineBinding(lines, k));
    return bound.get(at)!;
  };
  const ctx: TokenContext = {
    config,
    binding,
    canonical: () => (canonical === undefined ? (canonical = canonicalForm(lines)) : canonical),
    customerId: typeof customer?.id === "string" ? customer.id : null,
    today: input.shop.localTime.date,
  };
  const verified = offer === null ? null : checkToken(offer, "offer", ctx);
  if (verified) {
    const { token, entries } = verified;
    if (!kinds.includes(token.kind)) return null;
    // The sorted entries are read only for a bitmap that does not name every entry.
    const form = (): CanonicalEntries => canonical ?? canonicalEntries(lines)!;
    const targets = token.kind === "percentage" ? targetMask(token.targets, entries, form) : null;
    return { config, token, targets };
  }
  if (!entitlementWanted) return null;
  const granted = checkToken(entitlement, "entitlement", ctx);
  return granted ? { config, token: granted.token, targets: null } : null;
}
