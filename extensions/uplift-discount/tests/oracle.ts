// The property test's independent reading of ADR 0005: which token, if any, a checkout is entitled
// to, and which lines it targets, decided with node:crypto and plain comparisons (no code from src/).
import { createHmac } from "node:crypto";
import { nodeCartDigest, nodeDecodeBitmap, nodeSigningString, numericId, type CartRef, type TokenFields } from "./sign";

export type OracleToken = TokenFields & { v: 1; sig: string };
type Keys = Array<{ kid: string; secret: string }>;

function genuine(value: unknown, keys: Keys, shop: string): OracleToken | null {
  if (typeof value !== "object" || value === null) return null;
  const t = value as Record<string, unknown>;
  const fields = ["kid", "shop", "oid", "kind", "value", "cur", "targets", "exp", "cart", "cust", "sig"];
  if (t.v !== 1 || fields.some((f) => typeof t[f] !== "string")) return null;
  const token = value as OracleToken;
  const key = keys.find((k) => k.kid === token.kid);
  if (!["percentage", "fixed", "free_shipping"].includes(token.kind)) return null;
  if (!key || token.shop !== shop || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(token.exp)) return null;
  const sig = createHmac("sha256", Buffer.from(key.secret, "hex")).update(nodeSigningString(token), "utf8").digest("hex");
  return sig === token.sig ? token : null;
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
  const offer = genuine(o.offer, o.keys, o.shop);
  if (
    offer &&
    offer.cart === nodeCartDigest(o.lines) &&
    (offer.cust === "" || offer.cust === o.customerId) &&
    offer.exp.slice(0, 10) >= o.today &&
    // A percentage offer carries a valid bitmap for this cart; any other kind, none.
    (offer.kind === "percentage" ? nodeDecodeBitmap(o.lines, offer.targets) !== null : offer.targets === "")
  ) {
    return offer;
  }
  if (!o.customerId) return null;
  const ent = genuine(o.entitlement, o.keys, o.shop);
  if (ent && ent.cart === "" && ent.targets === "" && ent.cust === o.customerId && ent.exp.slice(0, 10) >= o.today) return ent;
  return null;
}

/** Whether the applied `token` lets a discount touch the line of `variantGid` (before the caps). */
export function isTargeted(token: OracleToken, lines: CartRef[], variantGid: string): boolean {
  if (token.targets === "") return true;
  return nodeDecodeBitmap(lines, token.targets)?.has(numericId(variantGid)) ?? false;
}
