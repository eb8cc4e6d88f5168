import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config";
import { canonicalCart, canonicalForm, cartDigest, isTargetBitmap, signingString, targetLines, verifyToken } from "../src/token";
import { config, TODAY } from "./builders";
import { KEY, nodeCanonicalCart, nodeCartDigest, nodeDecodeBitmap, nodeSigningString, nodeTargetBitmap, SHOP, sign } from "./sign";

const V = (n: number | bigint | string) => `gid://shopify/ProductVariant/${n}`;
// Mostly real-looking GIDs, some with odd ids (non-digits, "*", "/", non-ASCII) the canonical form
// must still treat exactly as the app does.
const variantArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 60 }).map(V), weight: 6 },
  { arbitrary: fc.bigInt({ min: 10n ** 13n, max: 10n ** 14n }).map(V), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), weight: 2 },
);
const lineArb = fc.record({ variantId: variantArb, quantity: fc.integer({ min: 1, max: 999 }) });
type Ref = { variantId: string; quantity: number };
const asInputLines = (lines: Ref[]) => lines.map((l) => ({ quantity: l.quantity, merchandise: { id: l.variantId } }));

describe("canonical cart", () => {
  it("is the node-side reading of the ADR, and digests exactly as node:crypto does (any ids, order, duplicates)", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), (lines) => {
        const form = canonicalForm(asInputLines(lines))!;
        expect(form.text).toBe(nodeCanonicalCart(lines));
        expect(canonicalCart(asInputLines(lines))).toBe(form.text);
        expect(cartDigest(asInputLines(lines))).toBe(nodeCartDigest(lines));
        expect(form.digest).toBe(nodeCartDigest(lines));
      }),
      { numRuns: 300 },
    );
  });

  it("uses numeric ids, sums quantities per id and sorts as strings", () => {
    const lines = asInputLines([{ variantId: V(2), quantity: 1 }, { variantId: V(10), quantity: 1 }, { variantId: V(2), quantity: 2 }]);
    expect(canonicalCart(lines)).toBe("10*1,2*3");
    expect(canonicalCart([])).toBe("");
    expect(cartDigest([])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("treats ids that are property names like any other", () => {
    const odd = ["__proto__", "constructor", "toString", "hasOwnProperty", "0", "-1", "1e3"].map((id, i) => ({ variantId: `gid://x/${id}`, quantity: i + 1 }));
    const lines = [...odd, ...odd];
    expect(canonicalCart(asInputLines(lines))).toBe(nodeCanonicalCart(lines));
    const form = canonicalForm(asInputLines(lines))!;
    expect(targetLines(nodeTargetBitmap(lines, ["gid://x/__proto__"]), form)).toEqual(lines.map((l) => l.variantId === "gid://x/__proto__"));
  });

  it("does not depend on line order or on how a variant's quantity is split", () => {
    const a = [{ variantId: V(2), quantity: 3 }, { variantId: V(10), quantity: 1 }];
    const b = [{ variantId: V(10), quantity: 1 }, { variantId: V(2), quantity: 1 }, { variantId: V(2), quantity: 2 }];
    expect(cartDigest(asInputLines(a))).toBe(cartDigest(asInputLines(b)));
    expect(cartDigest(asInputLines([{ ...a[0]!, quantity: 4 }, a[1]!]))).not.toBe(cartDigest(asInputLines(a)));
  });

  it("refuses a line that is not a product variant", () => {
    expect(cartDigest([{ quantity: 1, merchandise: { __typename: "CustomProduct" } }])).toBeNull();
    expect(canonicalForm([{ quantity: 1.5, merchandise: { id: V(1) } }])).toBeNull();
  });
});

describe("targets bitmap", () => {
  it("names exactly the lines whose variant the app targeted", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(40)), (lines, picks) => {
        const chosen = picks.map((i) => lines[i % lines.length]!.variantId);
        const bitmap = nodeTargetBitmap(lines, chosen);
        const form = canonicalForm(asInputLines(lines))!;
        expect(bitmap).toHaveLength(Math.ceil(form.entries.length / 4));
        expect(isTargetBitmap(bitmap, form.entries.length)).toBe(chosen.length > 0);
        if (chosen.length === 0) return;
        // A line is a target when its variant's entry is: every line of a chosen variant, no other.
        const id = (gid: string) => gid.split("/").pop()!;
        expect(targetLines(bitmap, form)).toEqual(lines.map((l) => chosen.some((c) => id(c) === id(l.variantId))));
        expect(targetLines(bitmap, form)).toEqual(lines.map((l) => nodeDecodeBitmap(lines, bitmap)!.has(id(l.variantId))));
      }),
      { numRuns: 300 },
    );
  });

  it("names every line when it sets every entry's bit (1–9 entries, repeated variants)", () => {
    for (let n = 1; n <= 9; n++) {
      const lines = Array.from({ length: n + 2 }, (_, i) => ({ variantId: V((i % n) + 1), quantity: 1 }));
      const bitmap = nodeTargetBitmap(lines, lines.map((l) => l.variantId));
      expect(targetLines(bitmap, canonicalForm(asInputLines(lines))!)).toEqual(lines.map(() => true));
      const allButFirst = nodeTargetBitmap(lines, lines.slice(1, n).map((l) => l.variantId));
      if (n > 1) expect(targetLines(allButFirst, canonicalForm(asInputLines(lines))!)).toEqual(lines.map((l) => l.variantId !== V(1)));
    }
  });

  it("is valid only as lowercase hex of the right length with a bit set and no bit past the cart", () => {
    expect(isTargetBitmap("e", 3)).toBe(true);
    expect(isTargetBitmap("2", 3)).toBe(true);
    expect(isTargetBitmap("48", 6)).toBe(true);
    expect(isTargetBitmap("f", 4)).toBe(true);
    expect(isTargetBitmap("f", 3)).toBe(false); // bit 3 is past entry 2
    expect(isTargetBitmap("1", 3)).toBe(false);
    expect(isTargetBitmap("e0", 3)).toBe(false); // two digits are for 5–8 entries
    expect(isTargetBitmap("4", 6)).toBe(false);
    expect(isTargetBitmap("0", 3)).toBe(false);
    expect(isTargetBitmap("", 0)).toBe(false);
    expect(isTargetBitmap("E", 3)).toBe(false);
    expect(isTargetBitmap("g", 3)).toBe(false);
    expect(isTargetBitmap(" e", 3)).toBe(false);
  });

  it("agrees with the node-side decoder on any string", () => {
    const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ variantId: V(i + 1), quantity: 1 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.oneof(fc.string({ maxLength: 4 }), fc.stringMatching(/^[0-9a-fA-F]{0,4}$/)), (n, bitmap) => {
        expect(isTargetBitmap(bitmap, n)).toBe(nodeDecodeBitmap(refs(n), bitmap) !== null);
      }),
      { numRuns: 500 },
    );
  });
});

describe("verifyToken", () => {
  // Canonical form "10*1,2*3": "c" targets both entries.
  const lines = asInputLines([{ variantId: V(2), quantity: 3 }, { variantId: V(10), quantity: 1 }]);
  const fields = {
    kid: KEY.kid, shop: SHOP, oid: "o", kind: "percentage", value: "10", cur: "USD",
    targets: "c", exp: `${TODAY}T08:00:00.000Z`, cart: cartDigest(lines), cust: "",
  };
  const ctx = (customerId: string | null = null) => ({ config: parseConfig(config())!, cart: () => canonicalForm(lines), customerId, today: TODAY });

  it("builds the same signing string as the test's node:crypto signer", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), fc.string(), (oid, value, targets) => {
        const t = { ...fields, oid, value, targets };
        expect(signingString({ ...t, kind: "percentage" })).toBe(nodeSigningString(t));
      }),
    );
  });

  it("accepts a non-ASCII oid signed by node:crypto", () => {
    const token = sign({ ...fields, oid: "décision-✓-😀" }, KEY.secret);
    expect(verifyToken(token, "offer", ctx())).toMatchObject({ oid: "décision-✓-😀", targets: "c" });
    expect(verifyToken({ ...token, oid: "décision-✓-😁" }, "offer", ctx())).toBeNull();
  });

  it("checks a percentage offer's bitmap against this cart, and wants none elsewhere", () => {
    expect(verifyToken(sign({ ...fields, targets: "8" }, KEY.secret), "offer", ctx())).not.toBeNull();
    for (const targets of ["", "0", "e", "1", "c0", "C", "x"]) expect(verifyToken(sign({ ...fields, targets }, KEY.secret), "offer", ctx()), targets).toBeNull();
    const fixed = { ...fields, kind: "fixed", value: "5" };
    expect(verifyToken(sign({ ...fixed, targets: "" }, KEY.secret), "offer", ctx())).not.toBeNull();
    expect(verifyToken(sign({ ...fixed, targets: "c" }, KEY.secret), "offer", ctx())).toBeNull();
    const entitlement = { ...fields, cart: "", cust: "gid://shopify/Customer/7" };
    expect(verifyToken(sign({ ...entitlement, targets: "" }, KEY.secret), "entitlement", ctx("gid://shopify/Customer/7"))).not.toBeNull();
    expect(verifyToken(sign({ ...entitlement, targets: "c" }, KEY.secret), "entitlement", ctx("gid://shopify/Customer/7"))).toBeNull();
  });

  it("does not compute the cart before the signature verifies", () => {
    let computed = 0;
    const counting = { ...ctx(), cart: () => (computed++, canonicalForm(lines)) };
    const token = sign(fields, KEY.secret);
    expect(verifyToken({ ...token, sig: "0".repeat(64) }, "offer", counting)).toBeNull();
    expect(computed).toBe(0);
    expect(verifyToken(token, "offer", counting)).not.toBeNull();
    expect(computed).toBe(1);
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom<"offer" | "entitlement">("offer", "entitlement"), (value, source) => {
        expect(verifyToken(value, source, ctx("x"))).toBeNull();
      }),
    );
  });
});
