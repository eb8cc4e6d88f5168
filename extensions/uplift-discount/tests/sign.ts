// Test-side token minting with node:crypto, independent of the Function's code (src/): a fixture
// signed here and accepted there shows the two readings of ADR 0005 agree.
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

export function nodeSigningString(t: TokenFields): string {
  return ["uplift-offer-v1", t.shop, t.oid, t.kind, t.value, t.cur, t.targets, t.exp, t.kid, t.cart, t.cust].join("\n");
}

export function sign(fields: TokenFields, secretHex: string): TokenFields & { v: 1; sig: string } {
  const sig = createHmac("sha256", Buffer.from(secretHex, "hex")).update(nodeSigningString(fields), "utf8").digest("hex");
  return { v: 1, ...fields, sig };
}
