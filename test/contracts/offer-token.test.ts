import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalCart as appCanonical, bindingPoint, cartBindingDigest, newSigningSecret, signingStringV1, signOffer, targetBitmap } from "../../app/lib/offer-token.server";
import { discountFunctionConfig } from "../../app/services/checkout-config.server";
import { cartDeliveryOptionsDiscountsGenerateRun, cartLinesDiscountsGenerateRun } from "../../extensions/uplift-discount/src";
import { groupedBinding, lineBinding } from "../../extensions/uplift-discount/src/binding";
import { canonicalCart as fnCanonical } from "../../extensions/uplift-discount/src/canonical";
import { parseConfig } from "../../extensions/uplift-discount/src/config";
import { hmacWords } from "../../extensions/uplift-discount/src/hmac";
import type { CartLinesInput } from "../../extensions/uplift-discount/src/input";
import { bindingKeyOf, hmacKeyOf } from "../../extensions/uplift-discount/src/keys";
import { wordsToHex } from "../../extensions/uplift-discount/src/sha256";

// The two implementations of ADR 0005 must agree: the app signs with Node's crypto and BigInt, the
// discount Function verifies with its own pure-JavaScript SHA-256, HMAC from the key states the app
// lists in its configuration, and its own cart binding. The app's configuration builder must also
// produce what the Function parses. A change on one side only fails here.

const SHOP = "contract.myshopify.com";
const keys = { keys: [{ kid: "k1", secret: newSigningSecret(), createdAt: "2026-11-23T00:00:00.000Z" }] };
const config = discountFunctionConfig(SHOP, "USD", keys, { maxDiscountPercent: 15 });
const key = { kid: "k1", secret: keys.keys[0]!.secret };
const v = (n: number | bigint) => `gid://shopify/ProductVariant/${n}`;
const CUSTOMER = "gid://shopify/Customer/7";

type Line = { variantId: string; quantity: number; price: string };

function input(lines: Line[], token: unknown, o: { localDate?: string; customer?: string; entitlement?: unknown } = {}): CartLinesInput {
  return {
    shop: { localTime: { date: o.localDate ?? "2026-11-23" } },
    presentmentCurrencyRate: "1.0",
    discount: { discountClasses: ["PRODUCT", "ORDER", "SHIPPING"], metafield: { jsonValue: config } },
    cart: {
      cost: { totalAmount: { currencyCode: "USD" } },
      metafield: token === null ? null : { jsonValue: token },
      buyerIdentity: o.customer ? { customer: { id: o.customer, metafield: o.entitlement === undefined ? null : { jsonValue: o.entitlement } } } : null,
      lines: lines.map((l, i) => ({
        i: `gid://shopify/CartLine/${i + 1}`,
        q: l.quantity,
        c: { u: { a: l.price } },
        m: { i: l.variantId, p: { i: `gid://shopify/Product/${l.variantId.split("/").pop()}` } },
      })),
    },
  };
}

const refsOf = (lines: Line[]) => lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity }));

function offer(lines: Line[], kind: "percentage" | "fixed" | "free_shipping", value: string, targets: string[] = []) {
  const refs = refsOf(lines);
  return signOffer(
    { shop: SHOP, oid: "3f1d2c4b-0000-4000-8000-000000000001", kind, value, cur: "USD", targets: kind === "percentage" ? targetBitmap(refs, targets) : "", exp: "2026-11-23T18:00:00.000Z", cart: refs, cust: "" },
    key,
  );
}

const lineArb = fc.record({
  variantId: fc.oneof(fc.integer({ min: 1, max: 40 }).map(v), fc.bigInt({ min: 10n ** 13n, max: 10n ** 19n - 1n }).map(v)),
  quantity: fc.integer({ min: 1, max: 9 }),
  price: fc.integer({ min: 100, max: 50_000 }).map((c) => (c / 100).toFixed(2)),
});

describe("ADR 0005: app signer and discount Function agree", () => {
  const material = parseConfig(config)!.keys.get("k1")!;

  it("the config's key states give node:crypto's HMAC in the Function, and its binding point is the app's", () => {
    const states = hmacKeyOf(material)!;
    expect(material.inner).not.toBeNull();
    expect(bindingKeyOf(material, states)).toBe(bindingPoint(key.secret));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        expect(wordsToHex(hmacWords(states, text))).toBe(createHmac("sha256", Buffer.from(key.secret, "hex")).update(text, "utf8").digest("hex"));
      }),
      { numRuns: 200 },
    );
  });

  it("the same cart binding and canonical order for any cart (repeated variants, any order)", () => {
    const k = bindingPoint(key.secret);
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), (lines) => {
        const refs = refsOf(lines);
        const fnLines = lines.map((l) => ({ q: l.quantity, m: { i: l.variantId } }));
        expect(fnCanonical(fnLines)).toBe(appCanonical(refs));
        // The Function reads the lines as entries, and groups them when a variant repeats.
        const binding = groupedBinding(fnLines, k) ?? lineBinding(fnLines, k)!;
        expect(binding.digest).toBe(cartBindingDigest(refs, k));
      }),
      { numRuns: 300 },
    );
  });

  it("an app-signed percentage offer is applied by the Function to its target lines only", () => {
    const lines: Line[] = [
      { variantId: v(11), quantity: 2, price: "40.00" },
      { variantId: v(12), quantity: 1, price: "25.00" },
      { variantId: v(13), quantity: 1, price: "10.00" },
    ];
    const out = cartLinesDiscountsGenerateRun(input(lines, offer(lines, "percentage", "10", [v(11), v(13)])));
    const text = JSON.stringify(out);
    expect(out.operations.length).toBeGreaterThan(0);
    expect(text).toContain("gid://shopify/CartLine/1");
    expect(text).toContain("gid://shopify/CartLine/3");
    expect(text).not.toContain("gid://shopify/CartLine/2");
    expect(text).toMatch(/"percentage":\{"value":"?10(\.0+)?"?\}/);
  });

  it("an app-signed offer applies on the same cart with a variant split over two lines", () => {
    const lines: Line[] = [{ variantId: v(21), quantity: 2, price: "30.00" }];
    const split: Line[] = [{ variantId: v(21), quantity: 1, price: "30.00" }, { variantId: v(21), quantity: 1, price: "30.00" }];
    expect(JSON.stringify(cartLinesDiscountsGenerateRun(input(split, offer(lines, "percentage", "10", [v(21)]))))).toMatch(/CartLine\/1.*CartLine\/2/);
  });

  it("the Function caps an app-signed percentage at the configured maximum (15%)", () => {
    const lines: Line[] = [{ variantId: v(21), quantity: 1, price: "100.00" }];
    const out = JSON.stringify(cartLinesDiscountsGenerateRun(input(lines, offer(lines, "percentage", "40", [v(21)]))));
    expect(out).toMatch(/"percentage":\{"value":"?15(\.0+)?"?\}/);
  });

  it("free shipping signed by the app is applied by the Function's delivery target", () => {
    const lines: Line[] = [{ variantId: v(31), quantity: 1, price: "200.00" }];
    const base = input(lines, offer(lines, "free_shipping", "0"));
    const out = cartDeliveryOptionsDiscountsGenerateRun({ ...base, cart: { ...base.cart, lines: base.cart.lines.map((l) => ({ q: l.q, m: { i: l.m.i } })), deliveryGroups: [{ id: "gid://shopify/CartDeliveryGroup/1" }] } });
    expect(JSON.stringify(out)).toContain("gid://shopify/CartDeliveryGroup/1");
  });

  it("an app-signed entitlement (bound to no cart) is applied to its customer's cart, and to no one else's", () => {
    const lines: Line[] = [{ variantId: v(41), quantity: 1, price: "50.00" }];
    const entitlement = signOffer({ shop: SHOP, oid: "entitlement:gold", kind: "percentage", value: "5", cur: "USD", targets: "", exp: "2026-11-24T00:00:00.000Z", cart: "", cust: CUSTOMER }, key);
    expect(JSON.stringify(cartLinesDiscountsGenerateRun(input(lines, null, { customer: CUSTOMER, entitlement })))).toMatch(/"percentage":\{"value":"5"\}/);
    expect(cartLinesDiscountsGenerateRun(input(lines, null, { customer: "gid://shopify/Customer/8", entitlement })).operations).toEqual([]);
    // In the cart metafield it is no cart offer.
    expect(cartLinesDiscountsGenerateRun(input(lines, entitlement, { customer: CUSTOMER })).operations).toEqual([]);
  });

  it("a v1 token (the canonical cart's SHA-256, signed before v2) still applies during the cut-over", () => {
    const lines: Line[] = [{ variantId: v(51), quantity: 2, price: "20.00" }];
    const fields = { kid: "k1", shop: SHOP, oid: "o-v1", kind: "percentage" as const, value: "10", cur: "USD", targets: "8", exp: "2026-11-23T18:00:00.000Z", cart: createHash("sha256").update(appCanonical(refsOf(lines))).digest("hex"), cust: "" };
    const v1 = { v: 1, ...fields, sig: createHmac("sha256", Buffer.from(key.secret, "hex")).update(signingStringV1(fields)).digest("hex") };
    expect(cartLinesDiscountsGenerateRun(input(lines, v1)).operations.length).toBe(1);
    expect(cartLinesDiscountsGenerateRun(input([{ ...lines[0]!, quantity: 3 }], v1)).operations).toEqual([]);
  });

  it("nothing when the token is for another cart, expired, or signed with another key", () => {
    const lines: Line[] = [{ variantId: v(41), quantity: 1, price: "50.00" }];
    const token = offer(lines, "percentage", "10", [v(41)]);
    expect(cartLinesDiscountsGenerateRun(input([{ ...lines[0]!, quantity: 2 }], token)).operations).toEqual([]);
    expect(cartLinesDiscountsGenerateRun(input([{ ...lines[0]!, variantId: v(42) }], token)).operations).toEqual([]);
    expect(cartLinesDiscountsGenerateRun(input(lines, token, { localDate: "2026-11-24" })).operations).toEqual([]);
    const foreign = signOffer({ ...token, cart: refsOf(lines) }, { kid: "k1", secret: newSigningSecret() });
    expect(cartLinesDiscountsGenerateRun(input(lines, foreign)).operations).toEqual([]);
    expect(cartLinesDiscountsGenerateRun(input(lines, token)).operations.length).toBeGreaterThan(0);
  });
});
