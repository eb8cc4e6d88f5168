// The signed offer token of ADR 0005, checked as the ADR lists: shape, key, shop, signature, cart,
// customer, expiry. The caps (check 7) are caps.ts. Anything unexpected yields null, never a throw.
//
// Two versions verify: v2, whose signature covers a cart binding the Function computes (binding.ts),
// and v1, whose `cart` is the SHA-256 of the canonical cart (canonical.ts), until v1 tokens are gone.
import type { Binding } from "./binding";
import type { CanonicalCart } from "./canonical";
import type { Config } from "./config";
import { hexEqualsWords, hmacWords } from "./hmac";
import { bindingKeyOf, hmacKeyOf } from "./keys";
import { EVERY_ENTRY, isTargetBitmap } from "./targets";

export type OfferKind = "percentage" | "fixed" | "free_shipping";

export type Token = {
  v: 1 | 2;
  kid: string;
  shop: string;
  oid: string;
  kind: OfferKind;
  value: string;
  cur: string;
  /** Lowercase hex bitmap over the canonical cart's entries, or (v2) EVERY_ENTRY: percentage offers; else "". */
  targets: string;
  exp: string;
  /** v2: BINDING_SCHEME when the signature covers the cart binding, "" for an entitlement. v1: the
   *  canonical cart's SHA-256 (64 hex), "" for an entitlement. */
  cart: string;
  cust: string;
  sig: string;
};

/** A v2 token's `cart` when it is bound to the cart: the product hash over GF(2^127 − 1) of binding.ts. */
export const BINDING_SCHEME = "m127";

/** Where a token came from: the cart (bound to the cart) or the customer (an entitlement, cart ""). */
export type TokenSource = "offer" | "entitlement";

export type TokenContext = {
  config: Config;
  /** v2: this cart's binding under the point k with every line taken as an entry (`grouped` false),
   *  or with each variant's lines summed (`grouped` true: null when no variant is on two lines);
   *  null when a line cannot be bound. A function: it is computed only for a token that passed the
   *  cheap checks, under that token's key, and the grouped reading only if the other fails. */
  binding: (k: bigint, grouped: boolean) => Binding | null;
  /** v1: this cart's canonical form and its SHA-256, null when a line cannot be bound. */
  canonical: () => CanonicalCart | null;
  customerId: string | null;
  /** shop.localTime.date, YYYY-MM-DD */
  today: string;
};

/** A token that verified, with the number of entries of the cart it is bound to (0 for an entitlement). */
export type Verified = { token: Token; entries: number };

const HEX64 = /^[0-9a-f]{64}$/;
const HEX = /^[0-9a-f]*$/;
const SOME_BIT = /[1-9a-f]/;
// Date.prototype.toISOString's form, which the app signs; its first ten characters are the UTC date.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: readonly string[] = ["percentage", "fixed", "free_shipping"];
const STRING_FIELDS = ["kid", "shop", "oid", "kind", "value", "cur", "targets", "exp", "cart", "cust", "sig"] as const;

/** The string a v1 token's `sig` is the HMAC-SHA256 of. */
export function signingStringV1(t: Omit<Token, "v" | "sig">): string {
  return ["uplift-offer-v1", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

/** A kind as one letter in the v2 signing string (parseToken admits these three kinds only). */
const KIND_LETTER: Record<OfferKind, string> = { percentage: "p", fixed: "f", free_shipping: "s" };

/**
 * The string a v2 token's `sig` is the HMAC-SHA256 of: its terms and the cart binding's digest ("" for
 * an entitlement). Short, because every 64 bytes of it cost a SHA-256 block (an anonymous offer on
 * 20 lines fits in two): `shop` and `kid` are left out, as the key (per shop, chosen by `kid`)
 * proves them, the kind is one letter and the digest 32 hex digits.
 */
export function signingStringV2(t: Pick<Token, "oid" | "kind" | "value" | "cur" | "targets" | "exp" | "cust">, digest: string): string {
  return ["o2", t.oid, KIND_LETTER[t.kind], t.value, t.cur, t.targets, t.exp, t.cust, digest].join("\n");
}

/** Check 1: the JSON has every field with its type, `sig` (and a v1 `cart`) look like SHA-256 hex,
 *  a v2 `cart` names the binding, and `targets` is lowercase hex (or, v2, EVERY_ENTRY), "" unless
 *  the offer is a percentage. */
export function parseToken(value: unknown): Token | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const t = value as Record<string, unknown>;
  if (t.v !== 1 && t.v !== 2) return null;
  for (const field of STRING_FIELDS) if (typeof t[field] !== "string") return null;
  if (!KINDS.includes(t.kind as string)) return null;
  if (!HEX64.test(t.sig as string)) return null;
  if (t.cart !== "" && (t.v === 2 ? t.cart !== BINDING_SCHEME : !HEX64.test(t.cart as string))) return null;
  if (!ISO_UTC.test(t.exp as string)) return null;
  if (!(HEX.test(t.targets as string) || (t.v === 2 && t.targets === EVERY_ENTRY)) || (t.kind !== "percentage" && t.targets !== "")) return null;
  return {
    v: t.v,
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
  return token ? (checkToken(token, source, ctx)?.token ?? null) : null;
}

/** Checks 2–6 of ADR 0005 for a token parseToken accepted (check 1). */
export function checkToken(token: Token, source: TokenSource, ctx: TokenContext): Verified | null {
  const material = ctx.config.keys.get(token.kid);
  if (material === undefined || token.shop !== ctx.config.shop) return null;
  // The cheap checks come first: the cart binding and the HMAC are most of this Function's
  // instruction budget, and an expired or misdirected token needs neither. Rejecting on unverified
  // fields is safe; only acceptance needs the signature.
  // No clock in a Function: expiry is checked to the day against the shop's local date.
  if (!DATE.test(ctx.today) || token.exp.slice(0, 10) < ctx.today) return null;
  if (source === "offer") {
    if (token.cart === "" || (token.cust !== "" && token.cust !== ctx.customerId)) return null;
    // A percentage offer names its lines: every entry, or a bitmap with at least one bit set.
    if (token.kind === "percentage" && token.targets !== EVERY_ENTRY && !SOME_BIT.test(token.targets)) return null;
  } else if (token.cart !== "" || token.targets !== "" || token.cust === "" || token.cust !== ctx.customerId) {
    // An entitlement belongs to one logged-in customer, to no cart and to no particular lines.
    return null;
  }
  const key = hmacKeyOf(material);
  if (key === null) return null;
  // Constant-time comparison of the hex in the token with the computed MAC's words.
  const signs = (message: string) => hexEqualsWords(token.sig, hmacWords(key, message));
  let entries = 0;
  if (token.v === 2) {
    if (source === "entitlement") return signs(signingStringV2(token, "")) ? { token, entries } : null;
    // The signature covers this cart's digest: a token replayed on another cart fails the HMAC.
    // Most carts have each variant on one line, and their lines are their entries; a cart with a
    // variant on two lines is read again with its quantities summed. Accepting either reading at
    // most doubles the forgery bound: a cart whose lines are read as entries has two entries of the
    // same variant, which no cart's entries have, so its digest is another polynomial's (ADR 0005).
    const k = bindingKeyOf(material, key);
    let binding = ctx.binding(k, false);
    if (binding === null) return null;
    if (!signs(signingStringV2(token, binding.digest))) {
      binding = ctx.binding(k, true);
      if (binding === null || !signs(signingStringV2(token, binding.digest))) return null;
    }
    entries = binding.entries;
  } else if (!signs(signingStringV1(token))) {
    return null;
  }
  if (token.v === 1 && source === "offer") {
    // v1: a cart token names its cart's SHA-256 ("" is reserved for entitlements).
    const cart = ctx.canonical();
    if (cart === null || !hexEqualsWords(token.cart, cart.digestWords)) return null;
    entries = cart.entries.length;
  }
  // The bitmap is bound to the cart's entries: one of another length, or with a bit past the last
  // entry, is not for this cart.
  if (source === "offer" && token.kind === "percentage" && !isTargetBitmap(token.targets, entries, token.v === 2)) return null;
  return { token, entries };
}
