// The property test's independent reading of ADR 0005: which token, if any, a checkout is entitled
// to, and which lines it targets, decided with node:crypto and plain comparisons (no code from src/).
import { createHmac } from "node:crypto";
import { BINDING_SCHEME, nodeCartBinding, nodeCartDigest, nodeDecodeBitmap, nodeSigningString, nodeSigningStringV2, numericId, type CartRef, type TokenFields } from "./sign";

export type OracleToken = TokenFields & { v: 1 | 2; sig: string };
type Keys = Array<{ kid: string; secret: string }>;

/** The token if its signature verifies: a v2 offer's over the binding of `cart`, a v2 entitlement's (cart null) over none. */
function genuine(value: unknown, keys: Keys, shop: string, cart: CartRef[] | null): OracleToken | null {
  if (typeof value !== "object" || value === null) return null;
  const t = value as Record<string, unknown>;
  const fields = ["kid", "shop", "oid", "kind", "value", "cur", "targets", "exp", "cart", "cust", "sig"];
  if ((t.v !== 1 && t.v !== 2) || fields.some((f) => typeof t[f] !== "string")) return null;
  const token = value as OracleToken;
  const key = keys.find((k) => k.kid === token.kid);
  if (!["percentage", "fixed", "free_shipping"].includes(token.kind)) return null;
  if (!key || token.shop !== shop || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(token.exp)) return null;
  let text: string;
  if (token.v === 2) {
    if (token.cart !== (cart === null ? "" : BINDING_SCHEME)) return null;
    const digest = cart === null ? "" : nodeCartBinding(cart, key.secret);
    if (digest === null) return null;
    text = nodeSigningStringV2(token, digest);
  } else {
    if (token.cart !== (cart === null ? "" : nodeCartDigest(cart))) return null;
    text = nodeSigningString(token);
  }
  return createHmac("sha256", Buffer.from(key.secret, "hex")).update(text, "utf8").digest("hex") === token.sig ? token : null;
}

export function appliedToken(o: {
  offer: unknown;
  entitlement: unknown;
  keys: Keys;
  shop: string;
  lines: CartRef[];
  customerId: string | null;
  today: string;
}): OracleToken | null {
  const offer = genuine(o.offer, o.keys, o.shop, o.lines);
  if (
    offer &&
    (offer.cust === "" || offer.cust === o.customerId) &&
    offer.exp.slice(0, 10) >= o.today &&
    // A percentage offer carries a valid bitmap for this cart, or (v2) "*" for all of it; any other kind, none.
    (offer.kind === "percentage" ? (offer.targets === "*" ? offer.v === 2 : nodeDecodeBitmap(o.lines, offer.targets) !== null) : offer.targets === "")
  ) {
    return offer;
  }
  if (!o.customerId) return null;
  const ent = genuine(o.entitlement, o.keys, o.shop, null);
  if (ent && ent.targets === "" && ent.cust === o.customerId && ent.exp.slice(0, 10) >= o.today) return ent;
  return null;
}

/** Whether the applied `token` lets a discount touch the line of `variantGid` (before the caps). */
export function isTargeted(token: OracleToken, lines: CartRef[], variantGid: string): boolean {
  if (token.targets === "" || token.targets === "*") return true;
  return nodeDecodeBitmap(lines, token.targets)?.has(numericId(variantGid)) ?? false;
}
