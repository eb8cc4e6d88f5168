// The signed offer token of ADR 0005: what the Checkout UI extension writes to the cart metafield
// `$app.offer` and the discount Function verifies in pure JavaScript. The Function's verifier is a
// separate implementation (extensions/uplift-discount); test/contracts/offer-token.test.ts keeps
// the two in agreement.
//
// Version 2 binds a token to its cart with a keyed hash the Function computes from the cart itself
// (ADR 0005, "Cart binding, v2"): the token names the scheme, never the digest, and `sig` covers
// the digest. The app cannot recompute the digest when an order arrives (it has no cart then), so a
// v2 token also carries `asig`, the same key's MAC over every field, which is what verifyOffer checks.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const OFFER_METAFIELD = { namespace: "$app", key: "offer" } as const;
export const ENTITLEMENT_METAFIELD = { namespace: "$app", key: "entitlement" } as const;

export type OfferKind = "percentage" | "fixed" | "free_shipping";

export type OfferToken = {
  v: 1 | 2;
  kid: string;
  shop: string;
  oid: string;
  kind: OfferKind;
  value: string;
  cur: string;
  /** Hex bitmap over the canonical cart's entries, or "*" for all of them (ADR 0005); "" when the config decides the lines. */
  targets: string;
  exp: string;
  /** v2: BINDING_SCHEME for a token bound to its cart, "" for an entitlement. v1: the SHA-256 of the canonical cart. */
  cart: string;
  cust: string;
  /** HMAC-SHA256 of the Function's signing string (signingStringV2, or the v1 one). */
  sig: string;
  /** v2: HMAC-SHA256 of the app's signing string (appSigningString). */
  asig?: string;
};

export type SigningKey = { kid: string; secret: string };

export type CartLineRef = { variantId: string; quantity: number };

/** What the caller signs: the offer's terms, and the cart's lines to bind it to ("" for an entitlement). */
export type OfferFields = Omit<OfferToken, "v" | "kid" | "sig" | "asig" | "cart"> & { cart: readonly CartLineRef[] | "" };

export const TOKEN_VERSION = 2;
/** A v2 token's `cart` when it is bound to its cart: the product hash over GF(2^127 − 1) below. */
export const BINDING_SCHEME = "m127";
/** The HMAC message whose MAC under the signing key gives the binding point k. */
export const BINDING_LABEL = "uplift-cart-binding-v2";
const P127 = (1n << 127n) - 1n;
/** A Shopify variant GID whose id has 1–19 digits (below 2^64): what a binding is defined on. */
const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/([1-9]\d{0,18})$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** 32 random bytes as 64 lowercase hex characters. */
export function newSigningSecret(): string {
  return randomBytes(32).toString("hex");
}

/** The numeric id at the end of a GID: gid://shopify/ProductVariant/123 → "123". */
export const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

/** Canonical entries: quantities summed per numeric variant id, "<id>*<qty>", in UTF-16 order. */
export function canonicalEntries(lines: readonly CartLineRef[]): { id: string; entry: string }[] {
  const totals = new Map<string, number>();
  for (const l of lines) {
    const id = numericId(l.variantId);
    totals.set(id, (totals.get(id) ?? 0) + l.quantity);
  }
  return [...totals.entries()].map(([id, qty]) => ({ id, entry: `${id}*${qty}` })).sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
}

export function canonicalCart(lines: readonly CartLineRef[]): string {
  return canonicalEntries(lines)
    .map((e) => e.entry)
    .join(",");
}

/** A v2 token's `targets` when every entry of its cart is a target. */
export const EVERY_ENTRY = "*";

/**
 * A percentage offer's `targets`: EVERY_ENTRY when every entry of the cart is a target (a short
 * signing string for the Function), else the bitmap whose bit i (most significant first within each
 * hex digit) is set when entry i's variant is a target.
 */
export function targetBitmap(lines: readonly CartLineRef[], targetVariantIds: string[]): string {
  const wanted = new Set(targetVariantIds.map(numericId));
  const entries = canonicalEntries(lines);
  if (entries.length > 0 && entries.every((e) => wanted.has(e.id))) return EVERY_ENTRY;
  let hex = "";
  for (let i = 0; i < entries.length; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4 && i + b < entries.length; b++) if (wanted.has(entries[i + b]!.id)) nibble |= 8 >> b;
    hex += nibble.toString(16);
  }
  return hex;
}

function hmac(secretHex: string, text: string): Buffer {
  return createHmac("sha256", Buffer.from(secretHex, "hex")).update(text, "utf8").digest();
}

/** k, the secret point the cart binding is evaluated at: HMAC(key, BINDING_LABEL)'s first 128 bits mod 2^127 − 1. */
export function bindingPoint(secretHex: string): bigint {
  return BigInt(`0x${hmac(secretHex, BINDING_LABEL).subarray(0, 16).toString("hex")}`) % P127;
}

/** Whether the Function can bind this cart: every line a Shopify variant, every quantity a positive GraphQL Int. */
export function bindableCart(lines: readonly CartLineRef[]): boolean {
  return lines.every((l) => VARIANT_GID.test(l.variantId) && Number.isInteger(l.quantity) && l.quantity > 0 && l.quantity < 2 ** 31);
}

/**
 * The v2 cart binding: Π over the cart's entries (variant id v, summed quantity q) of (k − (q·2^64 + v))
 * mod 2^127 − 1, as 32 hex digits. Throws for a line whose variant is not a Shopify variant GID, or
 * whose quantity is not a positive integer: the Function could not bind such a cart.
 */
export function cartBindingDigest(lines: readonly CartLineRef[], k: bigint): string {
  const totals = new Map<bigint, number>();
  for (const line of lines) {
    const id = VARIANT_GID.exec(line.variantId)?.[1];
    if (id === undefined) throw new Error(`cannot bind a cart line of ${line.variantId}`);
    // A GraphQL Int, as the Function reads it.
    if (!Number.isInteger(line.quantity) || line.quantity <= 0 || line.quantity >= 2 ** 31) throw new Error(`cannot bind a quantity of ${line.quantity}`);
    totals.set(BigInt(id), (totals.get(BigInt(id)) ?? 0) + line.quantity);
  }
  let product = 1n;
  for (const [v, q] of totals) product = (product * (k - ((BigInt(q) << 64n) + v))) % P127;
  return (product < 0n ? product + P127 : product).toString(16).padStart(32, "0");
}

/** The v1 signing string (tokens signed before v2; verified until they are gone). */
export function signingStringV1(t: Omit<OfferToken, "sig" | "asig" | "v">): string {
  return ["uplift-offer-v1", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

const KIND_LETTER: Record<OfferKind, string> = { percentage: "p", fixed: "f", free_shipping: "s" };

/**
 * What a v2 `sig` signs, and the Function rebuilds: the terms (the kind as one letter) and the cart
 * binding's digest ("" for an entitlement). No `shop` and no `kid`: the key proves both.
 */
export function signingStringV2(t: Pick<OfferToken, "oid" | "kind" | "value" | "cur" | "targets" | "exp" | "cust">, digest: string): string {
  return ["o2", t.oid, KIND_LETTER[t.kind], t.value, t.cur, t.targets, t.exp, t.cust, digest].join("\n");
}

/** What a v2 `asig` signs: every field but the signatures, for the app's own check (verifyOffer). */
export function appSigningString(t: Omit<OfferToken, "sig" | "asig" | "v">): string {
  return ["uplift-offer-v2-app", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

export function signOffer(fields: OfferFields, key: SigningKey): OfferToken {
  const { shop, oid, kind, value, cur, targets, exp, cust, cart: lines } = fields;
  const digest = lines === "" ? "" : cartBindingDigest(lines, bindingPoint(key.secret));
  const unsigned = { kid: key.kid, shop, oid, kind, value, cur, targets, exp, cart: lines === "" ? "" : BINDING_SCHEME, cust };
  return {
    v: TOKEN_VERSION,
    ...unsigned,
    sig: hmac(key.secret, signingStringV2(unsigned, digest)).toString("hex"),
    asig: hmac(key.secret, appSigningString(unsigned)).toString("hex"),
  };
}

export type TokenCheck = { ok: true; token: OfferToken } | { ok: false; reason: string };

function sameMac(secretHex: string, text: string, macHex: string): boolean {
  return timingSafeEqual(hmac(secretHex, text), Buffer.from(macHex, "hex"));
}

/**
 * The app's own check of a token that came back on an order (copied from the cart metafield):
 * signature, key and shape. Expiry to the minute and single use are judged by the caller, which
 * knows when the order was placed and which offers were already redeemed. A v2 token is checked by
 * its `asig`: the order does not carry the cart its `sig` is bound to.
 */
export function verifyOffer(value: unknown, keys: readonly SigningKey[]): TokenCheck {
  if (typeof value !== "object" || value === null) return { ok: false, reason: "not an object" };
  const t = value as Record<string, unknown>;
  const strings = ["kid", "shop", "oid", "kind", "value", "cur", "targets", "exp", "cart", "cust", "sig"] as const;
  if (t.v !== 1 && t.v !== 2) return { ok: false, reason: "unknown version" };
  for (const f of strings) if (typeof t[f] !== "string") return { ok: false, reason: `${f} missing` };
  if (!HEX64.test(t.sig as string) || (t.v === 2 && (typeof t.asig !== "string" || !HEX64.test(t.asig)))) return { ok: false, reason: "malformed signature" };
  const key = keys.find((k) => k.kid === t.kid);
  if (!key) return { ok: false, reason: `unknown key ${String(t.kid)}` };
  const token = t as unknown as OfferToken;
  const good = token.v === 1 ? sameMac(key.secret, signingStringV1(token), token.sig) : sameMac(key.secret, appSigningString(token), token.asig!);
  if (!good) return { ok: false, reason: "bad signature" };
  if (!["percentage", "fixed", "free_shipping"].includes(token.kind)) return { ok: false, reason: "unknown kind" };
  return { ok: true, token };
}

/**
 * verifyOffer, and for a v2 token bound to a cart also what the Function checks: that its `sig`
 * covers the binding of `lines`. For tests and for a caller that knows the cart.
 */
export function verifyOfferForCart(value: unknown, keys: readonly SigningKey[], lines: readonly CartLineRef[]): TokenCheck {
  const check = verifyOffer(value, keys);
  if (!check.ok || check.token.v !== 2) return check;
  const token = check.token;
  const key = keys.find((k) => k.kid === token.kid)!;
  let digest = "";
  if (token.cart === BINDING_SCHEME) {
    try {
      digest = cartBindingDigest(lines, bindingPoint(key.secret));
    } catch {
      return { ok: false, reason: "cart cannot be bound" };
    }
  }
  return sameMac(key.secret, signingStringV2(token, digest), token.sig) ? check : { ok: false, reason: "not bound to this cart" };
}

// ---- What the Function's configuration lists for a key (ADR 0005, "Function configuration") ----

/** FIPS 180-4 §4.2.2 and §5.3.3. */
const K256 = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/**
 * The SHA-256 chaining state after one 64-byte block from the initial hash value. Node's crypto
 * hashes whole messages only and never shows this intermediate state, so it is computed here.
 */
function stateAfterBlock(block: Buffer): string {
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  const w = new Uint32Array(64);
  for (let i = 0; i < 16; i++) w[i] = block.readUInt32BE(i * 4);
  for (let i = 16; i < 64; i++) {
    const s0 = rotr(w[i - 15]!, 7) ^ rotr(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3);
    const s1 = rotr(w[i - 2]!, 17) ^ rotr(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10);
    w[i] = w[i - 16]! + s0 + w[i - 7]! + s1;
  }
  let [a, b, c, d, e, f, g, h] = H0 as [number, number, number, number, number, number, number, number];
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) >>> 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
    [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
  }
  return [a, b, c, d, e, f, g, h].map((x, i) => ((x + H0[i]!) >>> 0).toString(16).padStart(8, "0")).join("");
}

/** A key as the Function's configuration lists it: the secret, and what the Function would otherwise derive from it on every run. */
export type FunctionKey = { kid: string; secret: string; inner: string; outer: string; bind: string };

/**
 * The HMAC chaining states after the key blocks K ⊕ ipad and K ⊕ opad (RFC 2104 §4) and the binding
 * point, as hex: the Function starts its MACs from them instead of hashing the key blocks each run.
 */
export function functionKey(key: SigningKey): FunctionKey {
  // The app's keys are 32 bytes: zero-padded to a block, never hashed first.
  const block = Buffer.alloc(64);
  Buffer.from(key.secret, "hex").copy(block);
  const pad = (byte: number) => Buffer.from(block.map((x) => x ^ byte));
  return {
    kid: key.kid,
    secret: key.secret,
    inner: stateAfterBlock(pad(0x36)),
    outer: stateAfterBlock(pad(0x5c)),
    bind: bindingPoint(key.secret).toString(16).padStart(32, "0"),
  };
}
