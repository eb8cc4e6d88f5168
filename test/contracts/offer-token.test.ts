import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cartDigest as appDigest, canonicalCart as appCanonical, newSigningSecret, signOffer, targetBitmap } from "../../app/lib/offer-token.server";
import { discountFunctionConfig } from "../../app/services/checkout-config.server";
import { cartDeliveryOptionsDiscountsGenerateRun, cartLinesDiscountsGenerateRun } from "../../extensions/uplift-discount/src";
import type { CartLinesInput } from "../../extensions/uplift-discount/src/input";
import { canonicalCart as fnCanonical, cartDigest as fnDigest } from "../../extensions/uplift-discount/src/token";

// The two implementations of ADR 0005 must agree: the app signs with Node's crypto, the discount
// Function verifies with its own pure-JavaScript SHA-256 and HMAC. The app's configuration builder
// must also produce what the Function parses. A change on one side only fails here.

const SHOP = "contract.myshopify.com";
const keys = { keys: [{ kid: "k1", secret: newSigningSecret(), createdAt: "2026-11-23T00:00:00.000Z" }] };
const config = discountFunctionConfig(SHOP, "USD", keys, { maxDiscountPercent: 15 });
const key = { kid: "k1", secret: keys.keys[0]!.secret };
const v = (n: number) => `gid://shopify/ProductVariant/${n}`;

type Line = { variantId: string; quantity: number; price: string };

function input(lines: Line[], token: unknown, localDate = "2026-11-23"): CartLinesInput {
  return {
    shop: { localTime: { date: localDate } },
    presentmentCurrencyRate: "1.0",
    discount: { discountClasses: ["PRODUCT", "ORDER", "SHIPPING"], metafield: { jsonValue: config } },
    cart: {
      metafield: token === null ? null : { jsonValue: token },
      buyerIdentity: null,
      lines: lines.map((l, i) => ({
        id: `gid://shopify/CartLine/${i + 1}`,
        quantity: l.quantity,
        cost: { amountPerQuantity: { amount: l.price, currencyCode: "USD" } },
        merchandise: { __typename: "ProductVariant", id: l.variantId, product: { id: `gid://shopify/Product/${l.variantId.split("/").pop()}` } },
      })),
    },
  };
}

function offer(lines: Line[], kind: "percentage" | "fixed" | "free_shipping", value: string, targets: string[] = []) {
  const refs = lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity }));
  return signOffer(
    { shop: SHOP, oid: "3f1d2c4b-0000-4000-8000-000000000001", kind, value, cur: "USD", targets: kind === "percentage" ? targetBitmap(refs, targets) : "", exp: "2026-11-23T18:00:00.000Z", cart: appDigest(refs), cust: "" },
    key,
  );
}

const lineArb = fc.record({ variantId: fc.integer({ min: 1, max: 5000 }).map(v), quantity: fc.integer({ min: 1, max: 9 }), price: fc.integer({ min: 100, max: 50_000 }).map((c) => (c / 100).toFixed(2)) });

describe("ADR 0005: app signer and discount Function agree", () => {
  it("the same canonical cart and digest for any cart (repeated variants, any order)", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), (lines) => {
        const refs = lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity }));
        const fnLines = lines.map((l) => ({ quantity: l.quantity, merchandise: { id: l.variantId } }));
        expect(fnCanonical(fnLines)).toBe(appCanonical(refs));
        expect(fnDigest(fnLines)).toBe(appDigest(refs));
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

  it("the Function caps an app-signed percentage at the configured maximum (15%)", () => {
    const lines: Line[] = [{ variantId: v(21), quantity: 1, price: "100.00" }];
    const out = JSON.stringify(cartLinesDiscountsGenerateRun(input(lines, offer(lines, "percentage", "40", [v(21)]))));
    expect(out).toMatch(/"percentage":\{"value":"?15(\.0+)?"?\}/);
  });

  it("free shipping signed by the app is applied by the Function's delivery target", () => {
    const lines: Line[] = [{ variantId: v(31), quantity: 1, price: "200.00" }];
    const base = input(lines, offer(lines, "free_shipping", "0"));
    const out = cartDeliveryOptionsDiscountsGenerateRun({ ...base, cart: { ...base.cart, deliveryGroups: [{ id: "gid://shopify/CartDeliveryGroup/1" }] } });
    expect(JSON.stringify(out)).toContain("gid://shopify/CartDeliveryGroup/1");
  });

  it("nothing when the token is for another cart, expired, or signed with another key", () => {
    const lines: Line[] = [{ variantId: v(41), quantity: 1, price: "50.00" }];
    const token = offer(lines, "percentage", "10", [v(41)]);
    expect(cartLinesDiscountsGenerateRun(input([{ ...lines[0]!, quantity: 2 }], token)).operations).toEqual([]);
    expect(cartLinesDiscountsGenerateRun(input(lines, token, "2026-11-24")).operations).toEqual([]);
    const foreign = signOffer({ ...token, targets: token.targets }, { kid: "k1", secret: newSigningSecret() });
    expect(cartLinesDiscountsGenerateRun(input(lines, foreign)).operations).toEqual([]);
    expect(cartLinesDiscountsGenerateRun(input(lines, token)).operations.length).toBeGreaterThan(0);
  });
});
