import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupedBinding, lineBinding, P127 } from "../src/binding";
import { canonicalCart, canonicalEntries, canonicalForm, cartDigest } from "../src/canonical";
import { parseConfig } from "../src/config";
import type { BindingLine } from "../src/input";
import { bindingKeyOf, hmacKeyOf } from "../src/keys";
import { isTargetBitmap, targetLines } from "../src/targets";
import { checkToken, parseToken, signingStringV1, signingStringV2, verifyToken, type TokenContext } from "../src/token";
import { config, TODAY } from "./builders";
import {
  BINDING_SCHEME,
  KEY,
  nodeBindingPoint,
  nodeCanonicalCart,
  nodeCartBinding,
  nodeCartDigest,
  nodeDecodeBitmap,
  nodeSigningString,
  nodeSigningStringV2,
  nodeTargetBitmap,
  OTHER_KEY,
  SHOP,
  sign,
  signV2,
  type CartRef,
} from "./sign";

const V = (n: number | bigint | string) => `gid://shopify/ProductVariant/${n}`;
// Mostly real-looking GIDs, some with odd ids (non-digits, "*", "/", non-ASCII) the canonical form
// must still treat exactly as the app does.
const variantArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 60 }).map(V), weight: 6 },
  { arbitrary: fc.bigInt({ min: 10n ** 13n, max: 10n ** 14n }).map(V), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), weight: 2 },
);
const lineArb = fc.record({ variantId: variantArb, quantity: fc.integer({ min: 1, max: 999 }) });
const asInputLines = (lines: CartRef[]): BindingLine[] => lines.map((l) => ({ q: l.quantity, m: { i: l.variantId } }));

// Shopify's variant GIDs only: what a v2 binding is defined on.
const shopifyVariant = fc.oneof(fc.integer({ min: 1, max: 40 }).map(V), fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }).map(V));
const bindableArb = fc.array(fc.record({ variantId: shopifyVariant, quantity: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 2 ** 31 - 1 })) }), { maxLength: 30 });

/** The Function's binding of a cart as checkToken reads it: the lines as entries, else grouped. */
function functionBinding(lines: CartRef[], k: bigint) {
  const input = asInputLines(lines);
  return groupedBinding(input, k) ?? lineBinding(input, k);
}

describe("canonical cart (the order of a targets bitmap; v1's binding)", () => {
  it("is the node-side reading of the ADR, and digests exactly as node:crypto does (any ids, order, duplicates)", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), (lines) => {
        const form = canonicalForm(asInputLines(lines))!;
        expect(form.text).toBe(nodeCanonicalCart(lines));
        expect(canonicalCart(asInputLines(lines))).toBe(form.text);
        expect(cartDigest(asInputLines(lines))).toBe(nodeCartDigest(lines));
        expect(form.digest).toBe(nodeCartDigest(lines));
        expect(canonicalEntries(asInputLines(lines))!.entries).toEqual(form.entries);
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

  it("refuses a line that is not a product variant", () => {
    expect(cartDigest([{ q: 1, m: {} }])).toBeNull();
    expect(canonicalForm([{ q: 1.5, m: { i: V(1) } }])).toBeNull();
  });
});

describe("cart binding, v2", () => {
  const k = nodeBindingPoint(KEY.secret);

  it("is the node-side reading of the ADR for any cart of Shopify variants (repeated variants, any order, ids of up to 19 digits)", () => {
    fc.assert(
      fc.property(bindableArb, (lines) => {
        const binding = functionBinding(lines, k)!;
        expect(binding.digest).toBe(nodeCartBinding(lines, KEY.secret));
        expect(binding.entries).toBe(new Set(lines.map((l) => l.variantId)).size);
        expect(binding.digest).toMatch(/^[0-9a-f]{32}$/);
      }),
      { numRuns: 300 },
    );
  });

  it("reads the lines as entries when no variant repeats, and groups them only when one does", () => {
    const plain = asInputLines([{ variantId: V(2), quantity: 3 }, { variantId: V(10), quantity: 1 }]);
    const split = asInputLines([{ variantId: V(10), quantity: 1 }, { variantId: V(2), quantity: 1 }, { variantId: V(2), quantity: 2 }]);
    expect(groupedBinding(plain, k)).toBeNull();
    expect(lineBinding(plain, k)).toEqual({ digest: groupedBinding(split, k)!.digest, entries: 2 });
    // Read line by line, the split cart is another polynomial (two roots of variant 2).
    expect(lineBinding(split, k)!.digest).not.toBe(lineBinding(plain, k)!.digest);
    expect(lineBinding([], k)).toEqual({ digest: "1".padStart(32, "0"), entries: 0 });
  });

  it("changes with any variant, any quantity and the key", () => {
    const base = [{ variantId: V(45012345670000), quantity: 1 }, { variantId: V(45012345670131), quantity: 2 }];
    const d = functionBinding(base, k)!.digest;
    expect(functionBinding([base[0]!, { ...base[1]!, quantity: 3 }], k)!.digest).not.toBe(d);
    expect(functionBinding([base[0]!, { ...base[1]!, variantId: V(45012345670132) }], k)!.digest).not.toBe(d);
    expect(functionBinding([base[0]!], k)!.digest).not.toBe(d);
    expect(functionBinding(base, nodeBindingPoint(OTHER_KEY.secret))!.digest).not.toBe(d);
    // One line of 2 and two lines of 1 of the same variant are the same entry.
    expect(functionBinding([base[0]!, { ...base[1]!, quantity: 1 }, { ...base[1]!, quantity: 1 }], k)!.digest).toBe(d);
  });

  it("refuses what the app never binds: no variant, a fractional or non-positive quantity, an id that is not 1–19 digits", () => {
    for (const line of [{ q: 1, m: {} }, { q: 1.5, m: { i: V(1) } }, { q: 0, m: { i: V(1) } }, { q: 1, m: { i: V("") } }, { q: 1, m: { i: V("12a") } }, { q: 1, m: { i: V("1".repeat(20)) } }]) {
      expect(lineBinding([line as BindingLine], k)).toBeNull();
      expect(groupedBinding([line as BindingLine, line as BindingLine], k)).toBeNull();
    }
    expect(nodeCartBinding([{ variantId: "gid://shopify/ProductVariant/0012", quantity: 1 }], KEY.secret)).toBeNull();
  });

  it("derives the binding point from the key in the Function exactly as the app does when the config lists only the secret", () => {
    const secretOnly = parseConfig(config({}, [KEY], true))!.keys.get(KEY.kid)!;
    const derived = parseConfig(config())!.keys.get(KEY.kid)!;
    expect(bindingKeyOf(secretOnly, hmacKeyOf(secretOnly)!)).toBe(k);
    expect(bindingKeyOf(derived, hmacKeyOf(derived)!)).toBe(k);
    expect(k < P127).toBe(true);
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

  it("is valid only as lowercase hex of the right length with a bit set and no bit past the cart, or \"*\" where allowed", () => {
    expect(isTargetBitmap("*", 3, true)).toBe(true);
    expect(isTargetBitmap("*", 3)).toBe(false);
    expect(isTargetBitmap("*", 0, true)).toBe(false);
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
  const refs = [{ variantId: V(2), quantity: 3 }, { variantId: V(10), quantity: 1 }];
  const lines = asInputLines(refs);
  const fields = { kid: KEY.kid, shop: SHOP, oid: "o", kind: "percentage", value: "10", cur: "USD", targets: "c", exp: `${TODAY}T08:00:00.000Z`, cart: BINDING_SCHEME, cust: "" };
  const ctx = (customerId: string | null = null, secretsOnly = false): TokenContext => ({
    config: parseConfig(config({}, [KEY], secretsOnly))!,
    binding: (k, grouped) => (grouped ? groupedBinding(lines, k) : lineBinding(lines, k)),
    canonical: () => canonicalForm(lines),
    customerId,
    today: TODAY,
  });

  it("builds the same signing strings as the test's node:crypto signer", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), fc.string(), fc.constantFrom("percentage", "fixed", "free_shipping"), (oid, value, targets, kind) => {
        const t = { ...fields, oid, value, targets, kind };
        expect(signingStringV1({ ...t, kind })).toBe(nodeSigningString(t));
        expect(signingStringV2({ ...t, kind }, "ab")).toBe(nodeSigningStringV2(t, "ab"));
      }),
    );
  });

  it("accepts a v2 token signed by node:crypto over this cart's binding, under derived or secret-only keys", () => {
    const token = signV2(fields, KEY.secret, refs);
    expect(verifyToken(token, "offer", ctx())).toMatchObject({ v: 2, targets: "c", cart: BINDING_SCHEME });
    expect(verifyToken(token, "offer", ctx(null, true))).toMatchObject({ v: 2 });
    expect(checkToken(parseToken(token)!, "offer", ctx())).toMatchObject({ entries: 2 });
    // The same token for another cart, or signed over another cart's binding: refused.
    expect(verifyToken(signV2(fields, KEY.secret, [refs[0]!, { ...refs[1]!, quantity: 2 }]), "offer", ctx())).toBeNull();
  });

  it("accepts a non-ASCII oid signed by node:crypto (both versions)", () => {
    const v2 = signV2({ ...fields, oid: "décision-✓-😀" }, KEY.secret, refs);
    expect(verifyToken(v2, "offer", ctx())).toMatchObject({ oid: "décision-✓-😀" });
    expect(verifyToken({ ...v2, oid: "décision-✓-😁" }, "offer", ctx())).toBeNull();
    const v1 = sign({ ...fields, oid: "décision-✓-😀", cart: nodeCartDigest(refs) }, KEY.secret);
    expect(verifyToken(v1, "offer", ctx())).toMatchObject({ v: 1, oid: "décision-✓-😀" });
  });

  it("verifies a v2 token on a cart whose variant is split over two lines (the grouped reading)", () => {
    const split = asInputLines([{ variantId: V(10), quantity: 1 }, { variantId: V(2), quantity: 1 }, { variantId: V(2), quantity: 2 }]);
    const c = { ...ctx(), binding: (k: bigint, grouped: boolean) => (grouped ? groupedBinding(split, k) : lineBinding(split, k)) };
    expect(verifyToken(signV2(fields, KEY.secret, refs), "offer", c)).not.toBeNull();
  });

  it("ties entitlements to no cart and offers to a cart, whatever the token claims", () => {
    const entitlement = { ...fields, cart: "", targets: "", cust: "gid://shopify/Customer/7" };
    expect(verifyToken(signV2(entitlement, KEY.secret, null), "entitlement", ctx("gid://shopify/Customer/7"))).not.toBeNull();
    // An entitlement's signature in the cart, claiming a binding: the Function's digest is not "".
    expect(verifyToken({ ...signV2(entitlement, KEY.secret, null), cart: BINDING_SCHEME }, "offer", ctx("gid://shopify/Customer/7"))).toBeNull();
    // An offer's signature on a customer, claiming no binding: the digest it covers is not "".
    expect(verifyToken({ ...signV2({ ...fields, targets: "", cust: "gid://shopify/Customer/7" }, KEY.secret, refs), cart: "" }, "entitlement", ctx("gid://shopify/Customer/7"))).toBeNull();
  });

  it("checks a percentage offer's bitmap against this cart, and wants none elsewhere", () => {
    expect(verifyToken(signV2({ ...fields, targets: "8" }, KEY.secret, refs), "offer", ctx())).not.toBeNull();
    // "*": every entry of the bound cart, in v2 only, and only for a percentage offer.
    expect(verifyToken(signV2({ ...fields, targets: "*" }, KEY.secret, refs), "offer", ctx())).toMatchObject({ targets: "*" });
    expect(verifyToken(sign({ ...fields, targets: "*", cart: nodeCartDigest(refs) }, KEY.secret), "offer", ctx())).toBeNull();
    expect(verifyToken(signV2({ ...fields, kind: "fixed", targets: "*" }, KEY.secret, refs), "offer", ctx())).toBeNull();
    expect(verifyToken(signV2({ ...fields, targets: "**" }, KEY.secret, refs), "offer", ctx())).toBeNull();
    for (const targets of ["", "0", "e", "1", "c0", "C", "x"]) expect(verifyToken(signV2({ ...fields, targets }, KEY.secret, refs), "offer", ctx()), targets).toBeNull();
    const fixed = { ...fields, kind: "fixed", value: "5" };
    expect(verifyToken(signV2({ ...fixed, targets: "" }, KEY.secret, refs), "offer", ctx())).not.toBeNull();
    expect(verifyToken(signV2({ ...fixed, targets: "c" }, KEY.secret, refs), "offer", ctx())).toBeNull();
    const entitlement = { ...fields, cart: "", cust: "gid://shopify/Customer/7" };
    expect(verifyToken(signV2({ ...entitlement, targets: "" }, KEY.secret, null), "entitlement", ctx("gid://shopify/Customer/7"))).not.toBeNull();
    expect(verifyToken(signV2({ ...entitlement, targets: "c" }, KEY.secret, null), "entitlement", ctx("gid://shopify/Customer/7"))).toBeNull();
  });

  it("does not bind the cart before the cheap checks pass, and reads it grouped only when the lines do not verify", () => {
    const computed: string[] = [];
    const counting: TokenContext = { ...ctx(), binding: (k, grouped) => (computed.push(grouped ? "grouped" : "lines"), grouped ? groupedBinding(lines, k) : lineBinding(lines, k)) };
    const token = signV2(fields, KEY.secret, refs);
    expect(verifyToken({ ...token, exp: "2026-11-22T08:00:00.000Z" }, "offer", counting)).toBeNull();
    expect(verifyToken({ ...token, shop: "other.myshopify.com" }, "offer", counting)).toBeNull();
    expect(computed).toEqual([]);
    expect(verifyToken(token, "offer", counting)).not.toBeNull();
    expect(computed).toEqual(["lines"]);
    expect(verifyToken({ ...token, sig: "0".repeat(64) }, "offer", counting)).toBeNull();
    expect(computed).toEqual(["lines", "lines", "grouped"]);
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom<"offer" | "entitlement">("offer", "entitlement"), (value, source) => {
        expect(verifyToken(value, source, ctx("x"))).toBeNull();
      }),
    );
  });
});
