// Builds tests/fixtures/*.json: Shopify-shaped inputs with tokens signed by node:crypto, and the
// output each must produce, worked out by hand (the arithmetic is in the comments). Regenerate with
//   node --import tsx extensions/uplift-discount/tests/make-fixtures.ts
// fixtures.test.ts fails if the files on disk and this list disagree.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bitmapOf, CUSTOMER, config, deliveryInput, lineGid, linesInput, offerFor, offerForV1, TODAY, variantGid, type CartLineSpec } from "./builders";
import type { CartLinesInput, InputLine } from "../src/input";
import { deliveryDiscount, NONE, orderDiscount, productDiscounts } from "./expected";
import { KEY, OTHER_KEY } from "./sign";

export const LINES = "cart-lines-discounts-generate-run";
export const DELIVERY = "cart-delivery-options-discounts-generate-run";
export type Fixture = { name: string; about: string; export: typeof LINES | typeof DELIVERY; input: unknown; expected: unknown };

const [L1, L2, L3] = [lineGid(1), lineGid(2), lineGid(3)];
const GROUPS = ["gid://shopify/CartDeliveryGroup/1", "gid://shopify/CartDeliveryGroup/2"];

// Cart A: 2 × 20.00 + 1 × 9.99 + 3 × 5.00 = 64.99 USD. Canonical form "11*2,12*1,13*3": a
// `targets` bitmap is one hex digit, entry i its bit 3 − i, so all three lines are "e" (1110).
// Tokens are v2 (bound by the keyed product hash) unless a fixture's name starts with "v1-".
const A: CartLineSpec[] = [
  { variant: 11, product: 1, quantity: 2, price: "20.00" },
  { variant: 12, product: 2, quantity: 1, price: "9.99" },
  { variant: 13, product: 3, quantity: 3, price: "5.00" },
];
const all = (percent: string) => productDiscounts([[percent, [L1, L2, L3]]]);
const STRING_ORDER: CartLineSpec[] = [
  { variant: 9, product: 1, quantity: 2, price: "20.00" },
  { variant: 10, product: 2, quantity: 1, price: "9.99" },
];
const SIX: CartLineSpec[] = [21, 22, 23, 24, 25, 26].map((v) => ({ variant: v, product: v, quantity: 1, price: "10.00" }));

function tamper<T extends Record<string, unknown>>(token: T, changes: Partial<T>): T {
  return { ...token, ...changes };
}
const flipLast = (hex: string) => hex.slice(0, -1) + (hex.endsWith("0") ? "1" : "0");
const withLine = (input: CartLinesInput, line: InputLine): CartLinesInput => ({ ...input, cart: { ...input.cart, lines: [...input.cart.lines, line] } });

function entitlement(fields: Record<string, unknown> = {}) {
  return offerFor(A, { cart: "", targets: "", cust: CUSTOMER, value: "5", oid: "tier-gold-2026-11", ...fields });
}

function lineFixtures(): Fixture[] {
  const f = (name: string, about: string, input: unknown, expected: unknown): Fixture => ({ name, about, export: LINES, input, expected });
  const valid = offerFor(A);
  const fixed = (value: string, extra = {}) => offerFor(A, { kind: "fixed", value, ...extra });
  return [
    f("percentage-valid", "a valid 10% offer on every line", linesInput(A, { offer: valid }), all("10")),
    // Entry 1 ("12*1") alone: 0100.
    f("percentage-targets", "only the targeted variant is discounted", linesInput(A, { offer: offerFor(A, { targets: bitmapOf(A, [12]) }) }), productDiscounts([["10", [L2]]])),
    f("targets-split-lines", "a target variant on two lines: both lines are targets",
      linesInput([{ ...A[0]!, quantity: 1 }, A[1]!, A[2]!, { ...A[0]!, quantity: 1, id: lineGid(4) }], { offer: offerFor(A, { targets: "8" }) }),
      productDiscounts([["10", [L1, lineGid(4)]]])),
    // Canonical order is string order: "10*1" sorts before "9*2", so entry 0 (1000) is variant 10, line 2.
    f("targets-string-order", "bits follow the canonical (string) order, not the cart's",
      linesInput(STRING_ORDER, { offer: offerFor(STRING_ORDER, { targets: "8" }) }), productDiscounts([["10", [L2]]])),
    // Six entries "21*1" … "26*1", targets 22 and 25: 0100 1000 → "48" (the last two bits unused).
    f("targets-two-digits", "a bitmap over more than four entries",
      linesInput(SIX, { offer: offerFor(SIX, { targets: "48" }) }), productDiscounts([["10", [L2, lineGid(5)]]])),
    f("targets-all-bits", "a bitmap naming every entry is as good as \"*\"", linesInput(A, { offer: offerFor(A, { targets: "e" }) }), all("10")),
    f("targets-every-entry-on-fixed", "\"*\" on a fixed offer", linesInput(A, { offer: fixed("5", { targets: "*" }) }), NONE),
    f("targets-every-entry-in-v1", "\"*\" is not a v1 bitmap", linesInput(A, { offer: offerForV1(A, { targets: "*" }) }), NONE),
    f("entitlement-every-entry", "an entitlement with targets \"*\"", linesInput(A, { customer: CUSTOMER, entitlement: entitlement({ targets: "*" }) }), NONE),
    f("targets-bit-beyond-cart", "a signed bitmap with bit 3 set on a three-entry cart", linesInput(A, { offer: offerFor(A, { targets: "f" }) }), NONE),
    f("targets-other-line-count", "a signed bitmap of two digits (5–8 entries) on a three-entry cart", linesInput(A, { offer: offerFor(A, { targets: "e0" }) }), NONE),
    f("targets-too-short", "a signed one-digit bitmap on a six-entry cart", linesInput(SIX, { offer: offerFor(SIX, { targets: "4" }) }), NONE),
    f("targets-all-zero", "a signed percentage offer that targets nothing", linesInput(A, { offer: offerFor(A, { targets: "0" }) }), NONE),
    f("targets-empty-percentage", "a signed percentage offer with targets \"\"", linesInput(A, { offer: offerFor(A, { targets: "" }) }), NONE),
    f("targets-uppercase", "the bitmap in uppercase hex, validly signed", linesInput(A, { offer: offerFor(A, { targets: "E" }) }), NONE),
    f("targets-not-hex", "a bitmap that is not hex, validly signed", linesInput(A, { offer: offerFor(A, { targets: "g" }) }), NONE),
    f("targets-on-fixed", "a fixed offer must carry targets \"\"", linesInput(A, { offer: fixed("5", { targets: "e" }) }), NONE),
    f("targets-as-list", "targets as a list of variant GIDs (the first format) is malformed", linesInput(A, { offer: tamper(valid, { targets: [variantGid(11)] as unknown as string }) }), NONE),
    f("percentage-fraction", "12.5% passes through with its decimals", linesInput(A, { offer: offerFor(A, { value: "12.5" }) }), all("12.5")),
    f("offer-as-json-text", "a token stored as JSON text is parsed", linesInput(A, { offer: JSON.stringify(valid) }), all("10")),
    f("expires-today", "exp on the shop's local date is still valid", linesInput(A, { offer: offerFor(A, { exp: `${TODAY}T00:00:00.000Z` }) }), all("10")),
    f("expired", "exp the day before localTime.date", linesInput(A, { offer: offerFor(A, { exp: "2026-11-22T23:59:59.999Z" }) }), NONE),
    f("expiry-not-iso", "exp not in toISOString form", linesInput(A, { offer: offerFor(A, { exp: "2026-11-30" }) }), NONE),
    f("tampered-value", "value raised after signing", linesInput(A, { offer: tamper(valid, { value: "15" }) }), NONE),
    f("tampered-targets", "a target added after signing", linesInput(A, { offer: tamper(offerFor(A, { targets: "4" }), { targets: "c" }) }), NONE),
    f("tampered-sig", "one hex digit of the signature changed", linesInput(A, { offer: tamper(valid, { sig: flipLast(valid.sig) }) }), NONE),
    f("sig-uppercase", "the same signature in uppercase hex is not the token format", linesInput(A, { offer: tamper(valid, { sig: valid.sig.toUpperCase() }) }), NONE),
    f("unknown-kid", "signed with a key the config does not list", linesInput(A, { offer: offerFor(A, { kid: OTHER_KEY.kid }, OTHER_KEY.secret) }), NONE),
    f("wrong-secret", "kid k1 but signed with another secret", linesInput(A, { offer: offerFor(A, {}, OTHER_KEY.secret) }), NONE),
    f("rotated-key", "a second live key verifies", linesInput(A, { offer: offerFor(A, { kid: OTHER_KEY.kid }, OTHER_KEY.secret), config: config({}, [OTHER_KEY, KEY]) }), all("10")),
    f("wrong-shop", "validly signed for another shop", linesInput(A, { offer: offerFor(A, { shop: "other-shop.myshopify.com" }) }), NONE),
    f("replay-other-variants", "token for cart A replayed on a cart with another variant",
      linesInput([A[0]!, A[1]!, { variant: 14, product: 3, quantity: 3, price: "5.00" }], { offer: valid }), NONE),
    f("replay-other-quantities", "token for cart A replayed after raising a quantity",
      linesInput([{ ...A[0]!, quantity: 3 }, A[1]!, A[2]!], { offer: valid }), NONE),
    f("same-cart-split-lines", "variant 11 on two lines of 1 is the same canonical cart",
      linesInput([{ ...A[0]!, quantity: 1 }, A[1]!, A[2]!, { ...A[0]!, quantity: 1, id: lineGid(4) }], { offer: valid }),
      productDiscounts([["10", [L1, L2, L3, lineGid(4)]]])),
    f("empty-cart-binding", "cart \"\" is for entitlements only, not a cart offer", linesInput(A, { offer: offerFor(A, { cart: "" }) }), NONE),
    f("binding-of-another-cart", "a signature over another cart's binding, presented with cart A",
      linesInput(A, { offer: offerFor(A, {}, undefined, [A[0]!, A[1]!, { ...A[2]!, quantity: 4 }]) }), NONE),
    f("binding-scheme-unknown", "a cart binding the Function does not know", linesInput(A, { offer: tamper(valid, { cart: "sha256" }) }), NONE),
    f("binding-digest-in-cart", "a 64-hex digest in a v2 token's cart is not a v2 binding", linesInput(A, { offer: tamper(valid, { cart: "a".repeat(64) }) }), NONE),
    f("kid-changed", "the kid switched to another live key (not signed, but the key is)",
      linesInput(A, { offer: tamper(valid, { kid: OTHER_KEY.kid }), config: config({}, [KEY, OTHER_KEY]) }), NONE),
    f("non-variant-line", "a line that is not a product variant cannot be bound",
      withLine(linesInput(A, { offer: valid }), { i: lineGid(4), q: 1, c: { u: { a: "5.00" } }, m: {} }), NONE),
    f("config-secrets-only", "a config listing keys by their secret only (written before v2): derived in the Function",
      linesInput(A, { offer: valid, config: config({}, [KEY], true) }), all("10")),
    f("v1-percentage-valid", "a v1 token (SHA-256 cart digest) still verifies during the cut-over", linesInput(A, { offer: offerForV1(A) }), all("10")),
    f("v1-targets", "a v1 token's bitmap", linesInput(A, { offer: offerForV1(A, { targets: bitmapOf(A, [12]) }) }), productDiscounts([["10", [L2]]])),
    f("v1-replay-other-quantities", "a v1 token replayed after raising a quantity",
      linesInput([{ ...A[0]!, quantity: 3 }, A[1]!, A[2]!], { offer: offerForV1(A) }), NONE),
    f("v1-secrets-only", "a v1 token under a config of secrets only", linesInput(A, { offer: offerForV1(A), config: config({}, [KEY], true) }), all("10")),
    f("v1-entitlement", "a v1 entitlement still applies",
      linesInput(A, { customer: CUSTOMER, entitlement: offerForV1(A, { cart: "", targets: "", cust: CUSTOMER, value: "5", oid: "tier-gold-2026-11" }) }), all("5")),
    f("customer-match", "token bound to the logged-in customer", linesInput(A, { offer: offerFor(A, { cust: CUSTOMER }), customer: CUSTOMER }), all("10")),
    f("customer-mismatch", "token bound to customer 8, buyer is customer 7",
      linesInput(A, { offer: offerFor(A, { cust: "gid://shopify/Customer/8" }), customer: CUSTOMER }), NONE),
    f("customer-missing", "token bound to a customer, buyer not logged in", linesInput(A, { offer: offerFor(A, { cust: CUSTOMER }) }), NONE),
    f("percent-over-cap", "40% offered, maxPercent 15", linesInput(A, { offer: offerFor(A, { value: "40" }) }), all("15")),
    f("percent-over-100", "a signed value above 100% is malformed", linesInput(A, { offer: offerFor(A, { value: "150" }), config: config({ maxPercent: 100 }) }), NONE),
    f("percent-three-decimals", "at most 2 decimals for a percentage", linesInput(A, { offer: offerFor(A, { value: "10.125" }) }), NONE),
    // 1000 × 1 line: 15% is 150, maxFixed 50.00 binds.
    f("fixed-over-cap", "80.00 offered, maxFixed USD 50.00",
      linesInput([{ variant: 21, product: 21, quantity: 10, price: "100.00" }], { offer: offerFor([{ variant: 21, product: 21, quantity: 10, price: "100.00" }], { kind: "fixed", value: "80" }) }),
      orderDiscount("50", [])),
    // 15% of 64.99 = 9.7485, rounded down.
    f("fixed-percent-cap", "20.00 offered, 15% of the eligible subtotal binds", linesInput(A, { offer: fixed("20") }), orderDiscount("9.74", [])),
    f("fixed-currency-mismatch", "a USD cart with a EUR amount", linesInput(A, { offer: fixed("5", { cur: "EUR" }) }), NONE),
    f("fixed-no-currency-cap", "maxFixed has no entry for USD", linesInput(A, { offer: fixed("5"), config: config({ maxFixed: { EUR: "50.00" } }) }), NONE),
    f("excluded-product", "product 2 excluded: its line gets nothing",
      linesInput(A, { offer: valid, config: config({ excludedProductIds: ["gid://shopify/Product/2"] }) }), productDiscounts([["10", [L1, L3]]])),
    // Eligible subtotal without line 2: 55.00; 15% = 8.25; 5.00 binds.
    f("excluded-product-fixed", "an excluded product's line is excluded from the order subtotal",
      linesInput(A, { offer: fixed("5"), config: config({ excludedProductIds: ["gid://shopify/Product/2"] }) }), orderDiscount("5", [L2])),
    f("excluded-variant", "variant 13 excluded",
      linesInput(A, { offer: valid, config: config({ excludedVariantIds: [variantGid(13)] }) }), productDiscounts([["10", [L1, L2]]])),
    f("eligible-list", "only products 1 and 3 are eligible",
      linesInput(A, { offer: valid, config: config({ eligibleProductIds: ["gid://shopify/Product/1", "gid://shopify/Product/3"] }) }), productDiscounts([["10", [L1, L3]]])),
    // Line 1: price 20.00, cost 16.00, floor 10% = 2.00: 2.00 a unit, 4.00 for 2, less 0.01 kept
    // for Shopify's rounding = 3.99 of 40.00 = 9.975%, down to 9.97.
    f("margin-floor", "a unit cost caps line 1 below the 15% offered",
      linesInput(A, { offer: offerFor(A, { value: "15" }), config: config({ costs: { [variantGid(11)]: "16.00" } }) }), productDiscounts([["9.97", [L1]], ["15", [L2, L3]]])),
    // EUR cart, rate 2.0: cost 7.00 → 14.00; floor max(5% × 20.00, 2.50 × 2) = 5.00; room 1.00 a unit,
    // 2.00 for 2, less 0.01 = 1.99 of 40.00 = 4.975% → 4.97.
    f("margin-floor-rate-and-min", "cost and min converted with presentmentCurrencyRate",
      linesInput(A.map((l) => ({ ...l, currency: "EUR" })), {
        offer: offerFor(A, { cur: "EUR" }),
        rate: "2.0",
        config: config({ costs: { [variantGid(11)]: "7.00" }, marginFloor: { percentOfPrice: 5, min: "2.50" } }),
      }),
      productDiscounts([["4.97", [L1]], ["10", [L2, L3]]])),
    // Line 2: 9.99 − 9.50 − 0.999 < 0: no room at all.
    f("margin-no-room", "a line already below the floor gets nothing",
      linesInput(A, { offer: valid, config: config({ costs: { [variantGid(12)]: "9.50" } }) }), productDiscounts([["10", [L1, L3]]])),
    // Line 1 100.00 (no cost); line 2 10.00, cost 8.50, floor 1.00: room 0.50 − 0.01 = 4.9% of it.
    // Both lines: 4.9% × 110.00 = 5.39. Without line 2: min(30, 50, 15% × 100.00) = 15.00.
    f("fixed-margin-leaves-out-tight-line", "a tight line is left out so the rest can take more",
      linesInput([{ variant: 31, product: 31, quantity: 1, price: "100.00" }, { variant: 32, product: 32, quantity: 1, price: "10.00" }], {
        offer: offerFor([{ variant: 31, product: 31, quantity: 1, price: "100.00" }, { variant: 32, product: 32, quantity: 1, price: "10.00" }], { kind: "fixed", value: "30" }),
        config: config({ costs: { [variantGid(32)]: "8.50" } }),
      }),
      orderDiscount("15", [L2])),
    // 100.00 cost 80 (room 10 − 0.01 → 9.99%), 50.00 cost 40 (room 5 − 0.01 → 9.98%): both lines
    // 9.98% × 150.00 = 14.97; line 1 alone 9.99. Shopify gives each line its share: 9.98 and 4.99.
    f("fixed-margin-binds-all", "the smallest margin share caps the order discount",
      linesInput([{ variant: 33, product: 33, quantity: 1, price: "100.00" }, { variant: 34, product: 34, quantity: 1, price: "50.00" }], {
        offer: offerFor([{ variant: 33, product: 33, quantity: 1, price: "100.00" }, { variant: 34, product: 34, quantity: 1, price: "50.00" }], { kind: "fixed", value: "40" }),
        config: config({ costs: { [variantGid(33)]: "80", [variantGid(34)]: "40" } }),
      }),
      orderDiscount("14.97", [])),
    // 15% × 3333 JPY = 499.95 → 499 (no minor unit).
    f("fixed-jpy", "a zero-decimal currency is floored to whole yen",
      linesInput([{ variant: 41, product: 41, quantity: 1, price: "3333", currency: "JPY" }], {
        offer: offerFor([{ variant: 41, product: 41, quantity: 1, price: "3333" }], { kind: "fixed", value: "1000", cur: "JPY" }),
        config: config({ maxFixed: { JPY: "5000" } }),
      }),
      orderDiscount("499", [])),
    // 15% × 12.345 KWD = 1.85175 → 1.851.
    f("fixed-kwd", "a three-decimal currency keeps three decimals",
      linesInput([{ variant: 42, product: 42, quantity: 1, price: "12.345", currency: "KWD" }], {
        offer: offerFor([{ variant: 42, product: 42, quantity: 1, price: "12.345" }], { kind: "fixed", value: "5", cur: "KWD" }),
        config: config({ maxFixed: { KWD: "10.000" } }),
      }),
      orderDiscount("1.851", [])),
    f("missing-config", "the discount has no configuration", linesInput(A, { offer: valid, config: null }), NONE),
    f("malformed-config", "a key that is not 64 hex characters", linesInput(A, { offer: valid, config: config({}, [{ kid: "k1", secret: "abc" }]) }), NONE),
    f("config-version", "an unknown config version", linesInput(A, { offer: valid, config: { ...config(), v: 2 } }), NONE),
    f("missing-offer", "no cart offer and no customer", linesInput(A), NONE),
    f("malformed-json", "the cart metafield holds broken JSON text", linesInput(A, { offer: '{"v":1,"kid":' }), NONE),
    f("not-an-object", "the cart metafield holds a JSON array", linesInput(A, { offer: [valid] }), NONE),
    f("missing-product-class", "a percentage offer on a discount without PRODUCT", linesInput(A, { offer: valid, classes: ["ORDER", "SHIPPING"] }), NONE),
    f("missing-order-class", "a fixed offer on a discount without ORDER", linesInput(A, { offer: fixed("5"), classes: ["PRODUCT"] }), NONE),
    f("free-shipping-on-lines", "a shipping offer does nothing to lines", linesInput(A, { offer: offerFor(A, { kind: "free_shipping", value: "0" }) }), NONE),
    f("entitlement", "no cart offer: the logged-in customer's entitlement applies",
      linesInput(A, { customer: CUSTOMER, entitlement: entitlement() }), all("5")),
    f("entitlement-after-bad-offer", "a tampered cart offer falls back to the entitlement",
      linesInput(A, { offer: tamper(valid, { value: "15" }), customer: CUSTOMER, entitlement: entitlement() }), all("5")),
    f("entitlement-other-customer", "customer 8's entitlement in customer 7's metafield",
      linesInput(A, { customer: CUSTOMER, entitlement: entitlement({ cust: "gid://shopify/Customer/8" }) }), NONE),
    f("entitlement-bound-to-cart", "an entitlement must carry cart \"\"", linesInput(A, { customer: CUSTOMER, entitlement: entitlement({ cart: offerFor(A).cart }) }), NONE),
    f("entitlement-without-customer", "an entitlement must name its customer", linesInput(A, { customer: CUSTOMER, entitlement: entitlement({ cust: "" }) }), NONE),
    f("entitlement-with-targets", "an entitlement must carry targets \"\"", linesInput(A, { customer: CUSTOMER, entitlement: entitlement({ targets: "e" }) }), NONE),
  ];
}

function deliveryFixtures(): Fixture[] {
  const f = (name: string, about: string, input: unknown, expected: unknown): Fixture => ({ name, about, export: DELIVERY, input, expected });
  const free = offerFor(A, { kind: "free_shipping", value: "0" });
  return [
    f("free-shipping", "100% off every delivery group", deliveryInput(A, GROUPS, { offer: free }), deliveryDiscount(GROUPS)),
    f("free-shipping-entitlement", "a free-shipping entitlement", deliveryInput(A, GROUPS, { customer: CUSTOMER, entitlement: entitlement({ kind: "free_shipping", value: "0" }) }), deliveryDiscount(GROUPS)),
    f("free-shipping-no-class", "the discount lacks SHIPPING", deliveryInput(A, GROUPS, { offer: free, classes: ["PRODUCT", "ORDER"] }), NONE),
    f("free-shipping-not-allowed", "caps.freeShipping is false", deliveryInput(A, GROUPS, { offer: free, config: config({ freeShipping: false }) }), NONE),
    f("free-shipping-value", "a free-shipping token must say \"0\"", deliveryInput(A, GROUPS, { offer: offerFor(A, { kind: "free_shipping", value: "5" }) }), NONE),
    f("free-shipping-replayed", "token for cart A on another cart", deliveryInput([A[0]!], GROUPS, { offer: free }), NONE),
    f("free-shipping-split-lines", "variant 11 on two lines of 1 is cart A",
      deliveryInput([{ ...A[0]!, quantity: 1 }, A[1]!, A[2]!, { ...A[0]!, quantity: 1 }], GROUPS, { offer: free }), deliveryDiscount(GROUPS)),
    f("v1-free-shipping", "a v1 free-shipping token still verifies", deliveryInput(A, GROUPS, { offer: offerForV1(A, { kind: "free_shipping", value: "0" }) }), deliveryDiscount(GROUPS)),
    f("free-shipping-expired", "expired the day before", deliveryInput(A, GROUPS, { offer: offerFor(A, { kind: "free_shipping", value: "0", exp: "2026-11-01T10:00:00.000Z" }) }), NONE),
    f("percentage-on-delivery", "a product offer does nothing to shipping", deliveryInput(A, GROUPS, { offer: offerFor(A) }), NONE),
  ];
}

/**
 * The carts bench/functions.ts runs (200 lines, the worst case, and 20, the typical size): a valid
 * 10% offer targeting every line, so the run pays for the signature and the binding of the whole
 * cart, and unit costs for up to 60 variants (what fits in the config's 10,000 bytes).
 */
export function benchInput(lineCount = 200): unknown {
  const specs = benchCart(lineCount);
  const costs = Object.fromEntries(specs.slice(0, 60).map((s) => [variantGid(s.variant), `${(Number(s.price) * 0.6).toFixed(2)}`]));
  const offer = offerFor(specs);
  const input = linesInput(specs, { offer, customer: CUSTOMER, config: config({ costs }) });
  // Both queries' fields in one input (the lines query's and the delivery groups), so one file serves
  // both targets; each reads only what its query selects.
  return { ...input, cart: { ...input.cart, deliveryGroups: GROUPS.map((id) => ({ id })) } };
}

/**
 * The delivery target's own 200-line bench input, shaped by its query, with a free-shipping offer
 * bound to the cart: the signature and the cart binding are what it pays for.
 */
export function benchDeliveryInput(lineCount = 200): unknown {
  const specs = benchCart(lineCount);
  return deliveryInput(specs, GROUPS, { offer: offerFor(specs, { kind: "free_shipping", value: "0" }), customer: CUSTOMER });
}

function benchCart(lineCount: number): CartLineSpec[] {
  // Ids as long as a real shop's today (14-digit variants, 13-digit products, UUID cart lines):
  // their length is what reading the input costs.
  return Array.from({ length: lineCount }, (_, i) => ({
    id: `gid://shopify/CartLine/${(0x1f3a9c00 + i * 7919).toString(16)}-8d8e-4d7e-9a3b-8d2c1d1e3f4a`,
    variant: 45_012_345_670_000 + i * 131,
    product: 8_012_345_600_000 + (i % 80),
    quantity: 1 + (i % 4),
    price: `${10 + (i % 37)}.${String((i * 7) % 100).padStart(2, "0")}`,
  }));
}

export function buildFixtures(): Fixture[] {
  return [...lineFixtures(), ...deliveryFixtures()];
}

export const FIXTURES_DIR = join(import.meta.dirname, "fixtures");

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const fixture of buildFixtures()) writeFileSync(join(FIXTURES_DIR, `${fixture.name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  writeFileSync(join(FIXTURES_DIR, "bench-input.json"), `${JSON.stringify(benchInput())}\n`);
  writeFileSync(join(FIXTURES_DIR, "bench-input-20-lines.json"), `${JSON.stringify(benchInput(20))}\n`);
  writeFileSync(join(FIXTURES_DIR, `bench-input.${DELIVERY}.json`), `${JSON.stringify(benchDeliveryInput())}\n`);
  console.log(`wrote ${buildFixtures().length} fixtures and bench-input.json to ${FIXTURES_DIR}`);
}

