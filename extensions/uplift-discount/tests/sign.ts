// Test-side token minting with node:crypto, independent of the Function's code (src/): a fixture
// signed here and accepted there shows the two readings of ADR 0005 agree. Both token versions:
// v2 (the cart binding is a keyed product hash the signature covers) and v1 (the SHA-256 of the
// canonical cart), which the Function keeps verifying until the cut-over is over.
import { createHash, createHmac } from "node:crypto";

export type TokenFields = {
  kid: string;
  shop: string;
  oid: string;
  kind: string;
  value: string;
  cur: string;
  targets: string;
  exp: string;
  cart: string;
  cust: string;
};

export type CartRef = { variantId: string; quantity: number };

export const SHOP = "uplift-demo.myshopify.com";
export const KEY = { kid: "k1", secret: "5a".repeat(16) + "c3".repeat(16) };
export const OTHER_KEY = { kid: "k2", secret: "0f".repeat(32) };
export const BINDING_SCHEME = "m127";
const P = 2n ** 127n - 1n;

/** "gid://shopify/ProductVariant/123" → "123": the id a canonical entry uses. */
export const numericId = (gid: string) => gid.split("/").pop()!;

/** The canonical cart's entries, in order: "<id>*<summed quantity>", sorted by UTF-16 code units. */
export function nodeCanonicalEntries(lines: CartRef[]): Array<{ id: string; entry: string }> {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(numericId(l.variantId), (totals.get(numericId(l.variantId)) ?? 0) + l.quantity);
  return [...totals].map(([id, q]) => ({ id, entry: `${id}*${q}` })).sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
}

export function nodeCanonicalCart(lines: CartRef[]): string {
  return nodeCanonicalEntries(lines).map((e) => e.entry).join(",");
}

/** v1's binding: the SHA-256 of the canonical cart. */
export function nodeCartDigest(lines: CartRef[]): string {
  return createHash("sha256").update(nodeCanonicalCart(lines), "utf8").digest("hex");
}

/** The `targets` bitmap naming `targetVariantIds` (GIDs) among the canonical entries of `lines`. */
export function nodeTargetBitmap(lines: CartRef[], targetVariantIds: string[]): string {
  const wanted = new Set(targetVariantIds.map(numericId));
  const bits = nodeCanonicalEntries(lines).map((e) => (wanted.has(e.id) ? 1 : 0));
  let out = "";
  for (let i = 0; i < bits.length; i += 4) {
    const digit = [0, 1, 2, 3].reduce((acc, j) => acc * 2 + (bits[i + j] ?? 0), 0);
    out += digit.toString(16);
  }
  return out;
}

/** The numeric variant ids a valid bitmap names, or null if it is not a valid bitmap for `lines`. */
export function nodeDecodeBitmap(lines: CartRef[], bitmap: string): Set<string> | null {
  const entries = nodeCanonicalEntries(lines);
  if (!/^[0-9a-f]+$/.test(bitmap) || bitmap.length !== Math.ceil(entries.length / 4)) return null;
  const bits = [...bitmap].flatMap((d) => parseInt(d, 16).toString(2).padStart(4, "0").split("").map(Number));
  if (bits.slice(entries.length).some((b) => b === 1) || !bits.includes(1)) return null;
  return new Set(entries.filter((_, i) => bits[i] === 1).map((e) => e.id));
}

const hmac = (secretHex: string, text: string) => createHmac("sha256", Buffer.from(secretHex, "hex")).update(text, "utf8").digest();

/** k: HMAC(key, "uplift-cart-binding-v2"), its first 16 bytes as a big-endian integer, mod 2^127 − 1. */
export function nodeBindingPoint(secretHex: string): bigint {
  return BigInt(`0x${hmac(secretHex, "uplift-cart-binding-v2").subarray(0, 16).toString("hex")}`) % P;
}

/**
 * The v2 binding of `lines` under the key: the product over entries (variant id v, summed quantity q)
 * of (k − (q·2^64 + v)) mod 2^127 − 1, as 32 hex digits; null when a variant GID is not Shopify's form.
 */
export function nodeCartBinding(lines: CartRef[], secretHex: string): string | null {
  const totals = new Map<string, bigint>();
  for (const l of lines) {
    const m = /^gid:\/\/shopify\/ProductVariant\/([1-9]\d{0,18})$/.exec(l.variantId);
    if (!m || BigInt(m[1]!) >= 2n ** 64n || !Number.isInteger(l.quantity) || l.quantity <= 0) return null;
    totals.set(m[1]!, (totals.get(m[1]!) ?? 0n) + BigInt(l.quantity));
  }
  const k = nodeBindingPoint(secretHex);
  let product = 1n;
  for (const [v, q] of totals) product = (product * (k - (q * 2n ** 64n + BigInt(v)))) % P;
  return ((product + P) % P).toString(16).padStart(32, "0");
}

export function nodeSigningString(t: TokenFields): string {
  return ["uplift-offer-v1", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

/** The kind's letter; a kind the Function refuses is signed as itself (tests sign hostile kinds too). */
const kindLetter = (kind: string) => ({ percentage: "p", fixed: "f", free_shipping: "s" })[kind] ?? kind;

export function nodeSigningStringV2(t: TokenFields, digest: string): string {
  return ["o2", t.oid, kindLetter(t.kind), t.value, t.cur, t.targets, t.exp, t.cust, digest].join("\n");
}

export function nodeAppSigningString(t: TokenFields): string {
  return ["uplift-offer-v2-app", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

/** A v1 token: `cart` is the canonical cart's SHA-256 (or "" for an entitlement). */
export function sign(fields: TokenFields, secretHex: string): TokenFields & { v: 1; sig: string } {
  return { v: 1, ...fields, sig: hmac(secretHex, nodeSigningString(fields)).toString("hex") };
}

/**
 * A v2 token whose `sig` covers the binding of `boundTo` (the cart it is for; null: no binding, the
 * digest is ""). `fields.cart` is what the token says ("m127" or "", or anything a test wants).
 */
export function signV2(fields: TokenFields, secretHex: string, boundTo: CartRef[] | null): TokenFields & { v: 2; sig: string; asig: string } {
  const digest = boundTo === null ? "" : nodeCartBinding(boundTo, secretHex);
  if (digest === null) throw new Error("signV2: the cart cannot be bound");
  return {
    v: 2,
    ...fields,
    sig: hmac(secretHex, nodeSigningStringV2(fields, digest)).toString("hex"),
    asig: hmac(secretHex, nodeAppSigningString(fields)).toString("hex"),
  };
}

// ---- The config's derived key fields, from FIPS 180-4 directly (no code shared with src/) ----

const K = [...Array(64).keys()].map((i) => {
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  // The first 32 bits of the fractional part of the cube root, exactly, with BigInt: ⌊cbrt(p) · 2^32⌋ mod 2^32.
  const target = BigInt(primes[i]!) << 96n;
  let lo = 0n;
  let hi = 1n << 40n;
  while (lo < hi) {
    const mid = (lo + hi + 1n) >> 1n;
    if (mid ** 3n <= target) lo = mid;
    else hi = mid - 1n;
  }
  return Number(lo & 0xffffffffn);
});
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** The chaining state after one block, as hex: FIPS 180-4 §6.2.2 written out once more, plainly. */
function nodeStateAfter(block: Buffer): string {
  const r = (x: number, n: number) => ((x >>> n) | (x << (32 - n))) >>> 0;
  const w: number[] = [];
  for (let t = 0; t < 64; t++) {
    w[t] = t < 16 ? block.readUInt32BE(4 * t) : (((r(w[t - 2]!, 17) ^ r(w[t - 2]!, 19) ^ (w[t - 2]! >>> 10)) + w[t - 7]! + (r(w[t - 15]!, 7) ^ r(w[t - 15]!, 18) ^ (w[t - 15]! >>> 3)) + w[t - 16]!) >>> 0);
  }
  const s = [...IV];
  for (let t = 0; t < 64; t++) {
    const [a, b, c, d, e, f, g, h] = s as [number, number, number, number, number, number, number, number];
    const t1 = (h + (r(e, 6) ^ r(e, 11) ^ r(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) >>> 0;
    const t2 = ((r(a, 2) ^ r(a, 13) ^ r(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
    s.splice(0, 8, (t1 + t2) >>> 0, a, b, c, (d + t1) >>> 0, e, f, g);
  }
  return s.map((x, i) => ((x + IV[i]!) >>> 0).toString(16).padStart(8, "0")).join("");
}

/** A key as the Function's config lists it: secret, HMAC chaining states and binding point. */
export function nodeConfigKey(key: { kid: string; secret: string }) {
  const block = Buffer.alloc(64);
  Buffer.from(key.secret, "hex").copy(block);
  const pad = (byte: number) => Buffer.from(block.map((x) => x ^ byte));
  return { kid: key.kid, secret: key.secret, inner: nodeStateAfter(pad(0x36)), outer: nodeStateAfter(pad(0x5c)), bind: nodeBindingPoint(key.secret).toString(16).padStart(32, "0") };
}
