import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalCart, cartDigest, newSigningSecret, signOffer, targetBitmap, verifyOffer } from "./offer-token.server";

const v = (n: number) => `gid://shopify/ProductVariant/${n}`;

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
    expect(cartDigest(lines)).toBe(createHash("sha256").update("100*1,20*5,3*2").digest("hex"));
    expect(cartDigest([...lines].reverse())).toBe(cartDigest(lines));
    expect(cartDigest([{ variantId: v(20), quantity: 5 }, { variantId: v(3), quantity: 2 }])).not.toBe(cartDigest(lines));
  });

  it("targets bitmap: entry i is bit 3 − i mod 4 of hex digit ⌊i/4⌋", () => {
    const lines = [1, 2, 3, 4, 5].map((n) => ({ variantId: v(n), quantity: 1 }));
    // entries "1*1","2*1","3*1","4*1","5*1"
    expect(targetBitmap(lines, [v(1)])).toBe("80");
    expect(targetBitmap(lines, [v(4), v(5)])).toBe("18");
    expect(targetBitmap(lines, [v(1), v(2), v(3), v(4), v(5)])).toBe("f8");
    expect(targetBitmap(lines, [])).toBe("00");
    expect(targetBitmap(lines, [v(99)])).toBe("00");
  });

  it("signs and verifies; any signed field changed fails; an unknown key fails", () => {
    const key = { kid: "k1", secret: newSigningSecret() };
    const lines = [{ variantId: v(1), quantity: 2 }];
    const token = signOffer({ shop: "a.myshopify.com", oid: "o", kind: "percentage", value: "10", cur: "USD", targets: targetBitmap(lines, [v(1)]), exp: "2026-11-24T00:00:00.000Z", cart: cartDigest(lines), cust: "" }, key);
    expect(verifyOffer(token, [key])).toEqual({ ok: true, token });
    expect(verifyOffer({ ...token, targets: "c" }, [key]).ok).toBe(false);
    expect(verifyOffer({ ...token, value: "20" }, [key]).ok).toBe(false);
    expect(verifyOffer(token, [{ kid: "k2", secret: key.secret }])).toEqual({ ok: false, reason: "unknown key k1" });
    expect(verifyOffer({ ...token, sig: "zz" }, [key])).toEqual({ ok: false, reason: "malformed signature" });
    expect(verifyOffer(null, [key]).ok).toBe(false);
  });
});
