// The signed offer token of ADR 0005: what the Checkout UI extension writes to the cart metafield
// `$app.offer` and the discount Function verifies in pure JavaScript. The Function's verifier is a
// separate implementation (extensions/uplift-discount); test/integration/offer-token.test.ts keeps
// the two in agreement.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const OFFER_METAFIELD = { namespace: "$app", key: "offer" } as const;
export const ENTITLEMENT_METAFIELD = { namespace: "$app", key: "entitlement" } as const;

export type OfferKind = "percentage" | "fixed" | "free_shipping";

export type OfferToken = {
  v: 1;
  kid: string;
  shop: string;
  oid: string;
  kind: OfferKind;
  value: string;
  cur: string;
  /** Hex bitmap over the canonical cart's entries (ADR 0005); "" when the config decides the lines. */
  targets: string;
  exp: string;
  cart: string;
  cust: string;
  sig: string;
};

export type SigningKey = { kid: string; secret: string };

export type CartLineRef = { variantId: string; quantity: number };

/** 32 random bytes as 64 lowercase hex characters. */
export function newSigningSecret(): string {
  return randomBytes(32).toString("hex");
}

/** The numeric id at the end of a GID: gid://shopify/ProductVariant/123 → "123". */
export const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

/** Canonical entries: quantities summed per numeric variant id, "<id>*<qty>", in UTF-16 order. */
export function canonicalEntries(lines: CartLineRef[]): { id: string; entry: string }[] {
  const totals = new Map<string, number>();
  for (const l of lines) {
    const id = numericId(l.variantId);
    totals.set(id, (totals.get(id) ?? 0) + l.quantity);
  }
  return [...totals.entries()].map(([id, qty]) => ({ id, entry: `${id}*${qty}` })).sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
}

export function canonicalCart(lines: CartLineRef[]): string {
  return canonicalEntries(lines)
    .map((e) => e.entry)
    .join(",");
}

export function cartDigest(lines: CartLineRef[]): string {
  return createHash("sha256").update(canonicalCart(lines), "utf8").digest("hex");
}

/** Bit i (most significant first within each hex digit) set when entry i's variant is a target. */
export function targetBitmap(lines: CartLineRef[], targetVariantIds: string[]): string {
  const wanted = new Set(targetVariantIds.map(numericId));
  const entries = canonicalEntries(lines);
  let hex = "";
  for (let i = 0; i < entries.length; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4 && i + b < entries.length; b++) if (wanted.has(entries[i + b]!.id)) nibble |= 8 >> b;
    hex += nibble.toString(16);
  }
  return hex;
}

export function signingString(t: Omit<OfferToken, "sig" | "v">): string {
  return ["uplift-offer-v1", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

function hmacHex(secretHex: string, text: string): string {
  return createHmac("sha256", Buffer.from(secretHex, "hex")).update(text, "utf8").digest("hex");
}

export function signOffer(fields: Omit<OfferToken, "sig" | "v" | "kid">, key: SigningKey): OfferToken {
  const unsigned = { ...fields, kid: key.kid };
  return { v: 1, ...unsigned, sig: hmacHex(key.secret, signingString(unsigned)) };
}

export type TokenCheck = { ok: true; token: OfferToken } | { ok: false; reason: string };

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The app's own check of a token that came back on an order (copied from the cart metafield):
 * signature, key and shape. Expiry to the minute and single use are judged by the caller, which
 * knows when the order was placed and which offers were already redeemed.
 */
export function verifyOffer(value: unknown, keys: SigningKey[]): TokenCheck {
  if (typeof value !== "object" || value === null) return { ok: false, reason: "not an object" };
  const t = value as Record<string, unknown>;
  const strings = ["kid", "shop", "oid", "kind", "value", "cur", "targets", "exp", "cart", "cust", "sig"] as const;
  if (t.v !== 1) return { ok: false, reason: "unknown version" };
  for (const f of strings) if (typeof t[f] !== "string") return { ok: false, reason: `${f} missing` };
  if (!HEX64.test(t.sig as string)) return { ok: false, reason: "malformed signature" };
  const key = keys.find((k) => k.kid === t.kid);
  if (!key) return { ok: false, reason: `unknown key ${String(t.kid)}` };
  const token = t as unknown as OfferToken;
  const expected = Buffer.from(hmacHex(key.secret, signingString(token)), "hex");
  if (!timingSafeEqual(expected, Buffer.from(token.sig, "hex"))) return { ok: false, reason: "bad signature" };
  if (!["percentage", "fixed", "free_shipping"].includes(token.kind)) return { ok: false, reason: "unknown kind" };
  return { ok: true, token };
}
