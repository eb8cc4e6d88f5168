// The cart binding of token v2 (ADR 0005, "Cart binding, v2"): a keyed hash of the cart that the
// Function computes itself. The signature covers it; the token never carries it.
//
// A cart is its entries: each variant (v, its numeric id) with the quantities of its lines summed (q).
// An entry is the integer e = q·2^64 + v (v < 2^64, q < 2^62, so e < 2^126 and distinct entries are
// distinct integers), and the digest is
//     D_k(cart) = Π over entries (k − e)  mod p,   p = 2^127 − 1 (a Mersenne prime),
// the monic polynomial whose roots are the entries, evaluated at the secret point k. Two different
// carts are two different polynomials of degree ≤ n (their entry counts), which agree on at most n
// points: for a k the attacker cannot see, they collide with probability ≤ n / p < 2^-119 for n ≤ 200.
//
// The product does not depend on line order, so nothing is sorted: lines multiply in as they come.
// BigInt, because 2^127 is far past a Number's exact integers; in QuickJS a BigInt operation costs
// about a property lookup, so a line costs some 12k Wasm instructions, a tenth of what SHA-256 of the
// line's text costs.
import type { BindingLine } from "./input";

export const P127 = (1n << 127n) - 1n;
/** "gid://shopify/ProductVariant/".length: what precedes a variant GID's numeric id. */
const VARIANT_PREFIX = 29;
/** Quantities below this have their k − q·2^64 cached for the run. */
const CACHED_QUANTITIES = 64;

export type Binding = {
  /** D_k as 32 lowercase hex digits: what the signing string of a cart-bound token ends with. */
  digest: string;
  /** The number of entries (distinct variants): a `targets` bitmap has a bit for each. */
  entries: number;
};

const digestOf = (product: bigint, entries: number): Binding => {
  const d = product % P127;
  return { digest: (d < 0n ? d + P127 : d).toString(16).padStart(32, "0"), entries };
};

/**
 * D_k with every line taken as an entry of its own: the cart's binding when no variant is on two
 * lines, which is the usual cart, without the cost of finding out (a lookup per line). Null when a
 * line is not one the app could have bound: no variant id, a quantity that is not a positive
 * integer, an id that is not 1–19 characters or not an integer.
 *
 * Variant GIDs are Shopify's, `gid://shopify/ProductVariant/<decimal id>`: the id is read as the
 * text after that prefix. The app refuses to sign a cart whose GIDs are not of that form, so a GID
 * of another form can only hash to a digest no signature covers.
 */
export function lineBinding(lines: readonly BindingLine[], k: bigint): Binding | null {
  const n = lines.length;
  // k − q·2^64 for small q: then a line costs one BigInt parse, one subtraction, one multiplication
  // and, every other line, one reduction (two factors below 2^127 are multiplied first).
  const shifted: bigint[] = [];
  let product = 1n;
  let pending = 1n;
  try {
    for (let i = 0; i < n; i++) {
      const line = lines[i]!;
      const gid = line.m.i;
      const q = line.q;
      if (typeof gid !== "string" || (q | 0) !== q || q <= 0) return null;
      const id = gid.slice(VARIANT_PREFIX);
      if (id.length === 0 || id.length > 19) return null;
      let kq = shifted[q];
      if (kq === undefined) {
        kq = k - (BigInt(q) << 64n);
        if (q < CACHED_QUANTITIES) shifted[q] = kq;
      }
      // (k − q·2^64) − v = k − e; a negative factor is fine, % keeps the residue class.
      if ((i & 1) === 0) pending = kq - BigInt(id);
      else product = (product * (pending * (kq - BigInt(id)))) % P127;
    }
  } catch {
    // BigInt() throws on text that is not an integer.
    return null;
  }
  return digestOf((n & 1) === 1 ? product * pending : product, n);
}

/**
 * D_k with each variant's quantities summed first: the cart's binding when a variant is on two lines.
 * Null when no variant is (lineBinding is then the cart's binding) or a line cannot be bound.
 */
export function groupedBinding(lines: readonly BindingLine[], k: bigint): Binding | null {
  const totals = Object.create(null) as Record<string, number | undefined>;
  const ids: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const gid = lines[i]!.m.i;
    const q = lines[i]!.q;
    if (typeof gid !== "string" || (q | 0) !== q || q <= 0) return null;
    const id = gid.slice(VARIANT_PREFIX);
    if (id.length === 0 || id.length > 19) return null;
    const total = totals[id];
    if (total === undefined) ids.push(id);
    totals[id] = (total ?? 0) + q;
  }
  if (ids.length === lines.length) return null;
  let product = 1n;
  try {
    for (const id of ids) product = (product * (k - ((BigInt(totals[id]!) << 64n) + BigInt(id)))) % P127;
  } catch {
    return null;
  }
  return digestOf(product, ids.length);
}
