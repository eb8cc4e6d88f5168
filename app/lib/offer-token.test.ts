import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  appSigningString,
  BINDING_SCHEME,
  bindingPoint,
  canonicalCart,
  cartBindingDigest,
  functionKey,
  newSigningSecret,
  signingStringV1,
  signingStringV2,
  signOffer,
  targetBitmap,
  verifyOffer,
  verifyOfferForCart,
} from "./offer-token.server";

const v = (n: number) => `gid://shopify/ProductVariant/${n}`;
const P = 2n ** 127n - 1n;
const hmacHex = (secret: string, text: string) => createHmac("sha256", Buffer.from(secret, "hex")).update(text, "utf8").digest("hex");

describe("offer token (ADR 0005)", () => {
  it("canonical cart: numeric ids, quantities summed per variant, string order, comma-joined", () => {
    const lines = [
      { variantId: v(20), quantity: 1 },
      { variantId: v(3), quantity: 2 },
      { variantId: v(20), quantity: 4 },
      { variantId: v(100), quantity: 1 },
    ];
    // "100*1" < "20*5" < "3*2" in UTF-16 order (not numeric order).
    expect(canonicalCart(lines)).toBe("100*1,20*5,3*2");
  });

  it("targets bitmap: entry i is bit 3 − i mod 4 of hex digit ⌊i/4⌋; every entry is \"*\"", () => {
    const lines = [1, 2, 3, 4, 5].map((n) => ({ variantId: v(n), quantity: 1 }));
    // entries "1*1","2*1","3*1","4*1","5*1"
    expect(targetBitmap(lines, [v(1)])).toBe("80");
    expect(targetBitmap(lines, [v(4), v(5)])).toBe("18");
    expect(targetBitmap(lines, [v(1), v(2), v(3), v(4)])).toBe("f0");
    expect(targetBitmap(lines, [v(1), v(2), v(3), v(4), v(5), v(6)])).toBe("*");
    expect(targetBitmap(lines, [])).toBe("00");
    expect(targetBitmap(lines, [v(99)])).toBe("00");
  });

  it("cart binding: the product of (k − (q·2^64 + v)) mod 2^127 − 1 over the entries, whatever the line order or split", () => {
    const secret = newSigningSecret();
    const k = bindingPoint(secret);
    expect(k).toBe(BigInt(`0x${hmacHex(secret, "uplift-cart-binding-v2").slice(0, 32)}`) % P);
    const lines = [{ variantId: v(20), quantity: 1 }, { variantId: v(3), quantity: 2 }, { variantId: v(20), quantity: 4 }];
    const expected = ((k - (5n * 2n ** 64n + 20n)) * (k - (2n * 2n ** 64n + 3n))) % P;
    expect(cartBindingDigest(lines, k)).toBe(((expected + P) % P).toString(16).padStart(32, "0"));
    expect(cartBindingDigest([...lines].reverse(), k)).toBe(cartBindingDigest(lines, k));
    expect(cartBindingDigest([{ variantId: v(20), quantity: 5 }, { variantId: v(3), quantity: 2 }], k)).toBe(cartBindingDigest(lines, k));
    expect(cartBindingDigest([{ variantId: v(20), quantity: 6 }, { variantId: v(3), quantity: 2 }], k)).not.toBe(cartBindingDigest(lines, k));
  });

  it("refuses to bind what the Function cannot: another GID form, an id of 20 digits, a quantity that is not a positive Int", () => {
    const k = bindingPoint(newSigningSecret());
    for (const variantId of ["gid://shopify/ProductVariant/012", "gid://shopify/Product/12", `gid://shopify/ProductVariant/${"1".repeat(20)}`, "12"]) {
      expect(() => cartBindingDigest([{ variantId, quantity: 1 }], k), variantId).toThrow(/cannot bind/);
    }
    for (const quantity of [0, -1, 1.5, 2 ** 31]) expect(() => cartBindingDigest([{ variantId: v(1), quantity }], k)).toThrow(/cannot bind/);
  });

  it("signs v2: `sig` over the terms and this cart's binding, `asig` over every field; any signed field changed fails", () => {
    const key = { kid: "k1", secret: newSigningSecret() };
    const lines = [{ variantId: v(1), quantity: 2 }];
    const token = signOffer({ shop: "a.myshopify.com", oid: "o", kind: "percentage", value: "10", cur: "USD", targets: targetBitmap(lines, [v(1)]), exp: "2026-11-24T00:00:00.000Z", cart: lines, cust: "" }, key);
    expect(token).toMatchObject({ v: 2, kid: "k1", cart: BINDING_SCHEME });
    const digest = cartBindingDigest(lines, bindingPoint(key.secret));
    expect(signingStringV2(token, digest)).toBe(`o2\no\np\n10\nUSD\n*\n2026-11-24T00:00:00.000Z\n\n${digest}`);
    expect(token.sig).toBe(hmacHex(key.secret, signingStringV2(token, digest)));
    expect(token.asig).toBe(hmacHex(key.secret, appSigningString(token)));
    expect(verifyOffer(token, [key])).toEqual({ ok: true, token });
    for (const [field, value] of [["targets", "c"], ["value", "20"], ["shop", "b.myshopify.com"], ["kid", "k2"], ["cart", ""], ["asig", "0".repeat(64)]] as const) {
      expect(verifyOffer({ ...token, [field]: value }, [key, { kid: "k2", secret: key.secret }]).ok, field).toBe(false);
    }
    expect(verifyOffer(token, [{ kid: "k2", secret: key.secret }])).toEqual({ ok: false, reason: "unknown key k1" });
    expect(verifyOffer({ ...token, sig: "zz" }, [key])).toEqual({ ok: false, reason: "malformed signature" });
    expect(verifyOffer({ ...token, asig: undefined }, [key])).toEqual({ ok: false, reason: "malformed signature" });
    expect(verifyOffer(null, [key]).ok).toBe(false);
  });

  it("verifyOfferForCart checks the binding too: the cart it was signed for, and no other", () => {
    const key = { kid: "k1", secret: newSigningSecret() };
    const lines = [{ variantId: v(1), quantity: 2 }, { variantId: v(2), quantity: 1 }];
    const token = signOffer({ shop: "a.myshopify.com", oid: "o", kind: "fixed", value: "5", cur: "USD", targets: "", exp: "2026-11-24T00:00:00.000Z", cart: lines, cust: "" }, key);
    expect(verifyOfferForCart(token, [key], [...lines].reverse()).ok).toBe(true);
    expect(verifyOfferForCart(token, [key], [{ variantId: v(1), quantity: 3 }, lines[1]!])).toEqual({ ok: false, reason: "not bound to this cart" });
    expect(verifyOfferForCart(token, [key], [{ variantId: "gid://shopify/CustomProduct/1", quantity: 1 }])).toEqual({ ok: false, reason: "cart cannot be bound" });
    // An entitlement is bound to no cart: its `sig` covers the empty digest.
    const entitlement = signOffer({ shop: "a.myshopify.com", oid: "e", kind: "percentage", value: "5", cur: "USD", targets: "", exp: "2026-11-24T00:00:00.000Z", cart: "", cust: "gid://shopify/Customer/7" }, key);
    expect(entitlement.cart).toBe("");
    expect(entitlement.sig).toBe(hmacHex(key.secret, signingStringV2(entitlement, "")));
    expect(verifyOfferForCart(entitlement, [key], lines).ok).toBe(true);
  });

  it("still verifies v1 tokens (signed before v2, until the cut-over is over)", () => {
    const key = { kid: "k1", secret: newSigningSecret() };
    const fields = { kid: "k1", shop: "a.myshopify.com", oid: "o", kind: "percentage" as const, value: "10", cur: "USD", targets: "8", exp: "2026-11-24T00:00:00.000Z", cart: "a".repeat(64), cust: "" };
    const v1 = { v: 1 as const, ...fields, sig: hmacHex(key.secret, signingStringV1(fields)) };
    expect(verifyOffer(v1, [key])).toEqual({ ok: true, token: v1 });
    expect(verifyOffer({ ...v1, value: "20" }, [key])).toEqual({ ok: false, reason: "bad signature" });
  });

  it("lists a key for the Function with the SHA-256 states after HMAC's key blocks and the binding point", () => {
    const key = { kid: "k1", secret: "5a".repeat(16) + "c3".repeat(16) };
    const listed = functionKey(key);
    expect(listed).toMatchObject({ kid: "k1", secret: key.secret, bind: bindingPoint(key.secret).toString(16).padStart(32, "0") });
    // Fixed values for a fixed key (the Function's SHA-256 from these states must give node:crypto's
    // HMAC: test/contracts/offer-token.test.ts checks that for random keys and messages).
    expect(listed.inner).toBe("c342368c98f72f5bee411470475eb03ae62102a367bb55720de46eb38572aef9");
    expect(listed.outer).toBe("0ebafd716c05bf5b535287fafa9add93dee9571df4968767314b5bba1f109623");
    expect(functionKey({ kid: "k1", secret: newSigningSecret() }).inner).not.toBe(listed.inner);
  });
});
