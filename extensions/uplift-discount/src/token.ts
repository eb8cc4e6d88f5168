// The signed offer token of ADR 0005, checked as the ADR lists: shape, key, shop, signature, cart,
// customer, expiry. The caps (check 7) are caps.ts. Anything unexpected yields null, never a throw.
import type { Config } from "./config";
import { hexEqualsWords, hmacSha256HexKey } from "./hmac";
import type { InputLine } from "./input";
import { digestWords, messageWords, wordsToHex } from "./sha256";

export type OfferKind = "percentage" | "fixed" | "free_shipping";

export type Token = {
  v: 1;
  kid: string;
  shop: string;
  oid: string;
  kind: OfferKind;
  value: string;
  cur: string;
  /** Lowercase hex bitmap over the canonical cart's entries (percentage offers), else "". */
  targets: string;
  exp: string;
  cart: string;
  cust: string;
  sig: string;
};

/** Where a token came from: the cart (bound to the cart) or the customer (an entitlement, cart ""). */
export type TokenSource = "offer" | "entitlement";

/** A cart in the canonical form of ADR 0005, with what the Function needs from it. */
export type CanonicalCart = {
  /** The entries "<id>*<quantity>", sorted, joined by ",". */
  text: string;
  /** SHA-256 of `text`, lowercase hex: the token's `cart`. */
  digest: string;
  /** The same digest as SHA-256 state words (what the Function compares the token's `cart` with). */
  digestWords: Int32Array;
  /** The entries, in canonical order: bit i of a `targets` bitmap is entries[i]. */
  entries: string[];
  /** For each input line, in cart order, the entry its variant's quantities are summed into. */
  lineEntries: string[];
};

export type TokenContext = {
  config: Config;
  /** This cart's canonical form, or null when a line is not a product variant. A function, because
   *  hashing a 200-line cart is the costliest step and is needed only once a signature verifies. */
  cart: () => CanonicalCart | null;
  customerId: string | null;
  /** shop.localTime.date, YYYY-MM-DD */
  today: string;
};

const HEX64 = /^[0-9a-f]{64}$/;
const HEX = /^[0-9a-f]*$/;
const SOME_BIT = /[1-9a-f]/;
// Date.prototype.toISOString's form, which the app signs; its first ten characters are the UTC date.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: readonly string[] = ["percentage", "fixed", "free_shipping"];
const STRING_FIELDS = ["kid", "shop", "oid", "kind", "value", "cur", "targets", "exp", "cart", "cust", "sig"] as const;

type LineRef = Pick<InputLine, "quantity" | "merchandise">;

/**
 * The canonical cart of ADR 0005 for `lines`: each variant id (the part of its GID after the last
 * "/") with its quantities summed, as "<id>*<quantity>", sorted by UTF-16 code units, joined by ",".
 * Null when a line has no variant id or a non-integer quantity: the extension could not have signed it.
 */
export function canonicalForm(lines: readonly LineRef[]): CanonicalCart | null {
  // A null-prototype object rather than a Map: in QuickJS a property access costs a fraction of a
  // Map operation, and this runs once or twice per line.
  const n = lines.length;
  const totals = Object.create(null) as Record<string, number | undefined>;
  const ids = new Array<string>(n);
  const lineEntries = new Array<string>(n);
  let repeated = false;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    const gid = line.merchandise.id;
    const quantity = line.quantity;
    if (typeof gid !== "string" || !Number.isInteger(quantity)) return null;
    const id = gid.slice(gid.lastIndexOf("/") + 1);
    ids[i] = id;
    const total = totals[id];
    if (total === undefined) {
      totals[id] = quantity;
      // Right unless a later line has the same variant (then rewritten below).
      lineEntries[i] = id + "*" + quantity;
    } else {
      totals[id] = total + quantity;
      repeated = true;
    }
  }
  let entries: string[];
  if (!repeated) {
    // Usually every variant has one line: the lines' entries are the entries.
    entries = lineEntries.slice();
  } else {
    entries = [];
    const seen = Object.create(null) as Record<string, true | undefined>;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const entry = id + "*" + totals[id]!;
      lineEntries[i] = entry;
      if (seen[id] !== true) {
        seen[id] = true;
        entries.push(entry);
      }
    }
  }
  entries.sort();
  // Built once: the digest hashes this string, and a bitmap indexes `entries`.
  const text = entries.join(",");
  const words = digestWords(messageWords(null, text));
  return { text, digest: wordsToHex(words), digestWords: words, entries, lineEntries };
}

export function canonicalCart(lines: ReadonlyArray<{ quantity: number; merchandise: { id: string } }>): string;
export function canonicalCart(lines: readonly LineRef[]): string | null;
export function canonicalCart(lines: readonly LineRef[]): string | null {
  return canonicalForm(lines)?.text ?? null;
}

export function cartDigest(lines: ReadonlyArray<{ quantity: number; merchandise: { id: string } }>): string;
export function cartDigest(lines: readonly LineRef[]): string | null;
export function cartDigest(lines: readonly LineRef[]): string | null {
  return canonicalForm(lines)?.digest ?? null;
}

export function signingString(t: Omit<Token, "v" | "sig">): string {
  return ["uplift-offer-v1", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

/**
 * Whether `bitmap` is a `targets` bitmap for a cart of `count` entries: exactly ⌈count/4⌉ lowercase
 * hex digits, no bit set past entry count − 1, at least one bit set.
 */
export function isTargetBitmap(bitmap: string, count: number): boolean {
  if (bitmap.length !== (count + 3) >> 2 || !HEX.test(bitmap) || !SOME_BIT.test(bitmap)) return false;
  const unused = bitmap.length * 4 - count; // 0–3 trailing bits of the last digit
  return unused === 0 || (parseInt(bitmap.charAt(bitmap.length - 1), 16) & ((1 << unused) - 1)) === 0;
}

/**
 * For each input line of `cart`, 1 when its canonical entry is set in a valid `targets` bitmap (entry
 * i is bit 3 − i mod 4 of hex digit ⌊i/4⌋, most significant bit first), else 0; null when the bitmap
 * sets every entry, so every line is a target.
 */
export function targetMask(bitmap: string, cart: CanonicalCart): Uint8Array | null {
  const count = cart.entries.length;
  // Every bit of the ⌈count/4⌉ digits that stands for an entry: "f…f" and a last digit "8", "c", "e".
  const last = count & 3;
  if (bitmap === "f".repeat(count >> 2) + (last === 0 ? "" : "0123456789abcdef".charAt((0xf0 >> last) & 0xf))) return null;
  const bits = new Uint8Array(count + 3);
  for (let d = 0, i = 0; d < bitmap.length && i < count; d++, i += 4) {
    const nibble = parseInt(bitmap.charAt(d), 16);
    bits[i] = (nibble >> 3) & 1;
    bits[i + 1] = (nibble >> 2) & 1;
    bits[i + 2] = (nibble >> 1) & 1;
    bits[i + 3] = nibble & 1;
  }
  // A line's entry is found by its text: one property read per line.
  const position = Object.create(null) as Record<string, number>;
  for (let j = 0; j < count; j++) position[cart.entries[j]!] = j;
  const mask = new Uint8Array(cart.lineEntries.length);
  for (let i = 0; i < mask.length; i++) mask[i] = bits[position[cart.lineEntries[i]!]!]!;
  return mask;
}

/** For each input line of `cart`, whether its canonical entry is set in a valid `targets` bitmap
 *  (entry i is bit 3 − i mod 4 of hex digit ⌊i/4⌋, most significant bit first). */
export function targetLines(bitmap: string, cart: CanonicalCart): boolean[] {
  const mask = targetMask(bitmap, cart);
  return cart.lineEntries.map((_, i) => mask === null || mask[i] === 1);
}

/** Check 1: the JSON has every field with its type, `sig`/`cart` look like SHA-256 hex, and
 *  `targets` is lowercase hex, "" unless the offer is a percentage. */
export function parseToken(value: unknown): Token | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const t = value as Record<string, unknown>;
  if (t.v !== 1) return null;
  for (const field of STRING_FIELDS) if (typeof t[field] !== "string") return null;
  if (!KINDS.includes(t.kind as string)) return null;
  if (!HEX64.test(t.sig as string)) return null;
  if (t.cart !== "" && !HEX64.test(t.cart as string)) return null;
  if (!ISO_UTC.test(t.exp as string)) return null;
  if (!HEX.test(t.targets as string) || (t.kind !== "percentage" && t.targets !== "")) return null;
  return {
    v: 1,
    kid: t.kid as string,
    shop: t.shop as string,
    oid: t.oid as string,
    kind: t.kind as OfferKind,
    value: t.value as string,
    cur: t.cur as string,
    targets: t.targets as string,
    exp: t.exp as string,
    cart: t.cart as string,
    cust: t.cust as string,
    sig: t.sig as string,
  };
}

/** Checks 1–6 of ADR 0005 for a token read from `source`; the verified token, or null. */
export function verifyToken(value: unknown, source: TokenSource, ctx: TokenContext): Token | null {
  const token = parseToken(value);
  return token ? checkToken(token, source, ctx) : null;
}

/** Checks 2–6 of ADR 0005 for a token parseToken accepted (check 1); the token, or null. */
export function checkToken(token: Token, source: TokenSource, ctx: TokenContext): Token | null {
  const secret = ctx.config.keys.get(token.kid);
  if (secret === undefined || token.shop !== ctx.config.shop) return null;
  // The cheap checks come first: hashing the signing string and then a 200-line cart is most of
  // this Function's instruction budget, and an expired or misdirected token needs neither.
  // Rejecting on unverified fields is safe; only acceptance needs the signature.
  // No clock in a Function: expiry is checked to the day against the shop's local date.
  if (!DATE.test(ctx.today) || token.exp.slice(0, 10) < ctx.today) return null;
  if (source === "offer") {
    if (token.cart === "" || (token.cust !== "" && token.cust !== ctx.customerId)) return null;
    // A percentage offer names its lines: a bitmap with at least one bit set.
    if (token.kind === "percentage" && !SOME_BIT.test(token.targets)) return null;
  } else if (token.cart !== "" || token.targets !== "" || token.cust === "" || token.cust !== ctx.customerId) {
    // An entitlement belongs to one logged-in customer, to no cart and to no particular lines.
    return null;
  }
  // Constant-time comparisons of the hex in the token with the computed digests' words.
  const expected = hmacSha256HexKey(secret, signingString(token));
  if (expected === null || !hexEqualsWords(token.sig, expected)) return null;
  if (source === "offer") {
    // A cart token is bound to this cart ("" is reserved for entitlements), and its bitmap to the
    // cart's entries: a bitmap of another length, or with a bit past the last entry, is not for it.
    const cart = ctx.cart();
    if (cart === null || !hexEqualsWords(token.cart, cart.digestWords)) return null;
    if (token.kind === "percentage" && !isTargetBitmap(token.targets, cart.entries.length)) return null;
  }
  return token;
}
