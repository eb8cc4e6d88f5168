// The canonical cart of ADR 0005: each variant id (the part of its GID after the last "/") with its
// quantities summed, as "<id>*<quantity>", sorted by UTF-16 code units. A `targets` bitmap names
// these entries in this order (both token versions). Token v1 also binds the cart by the SHA-256 of
// the entries joined by ",": kept until v1 tokens are gone (ADR 0005, "Cut-over"), and the costliest
// thing this Function can do, so only a v1 token pays for it.
import type { BindingLine } from "./input";
import { digestWords, messageWords, wordsToHex } from "./sha256";

export type CanonicalEntries = {
  /** The entries "<id>*<quantity>", in canonical order: bit i of a `targets` bitmap is entries[i]. */
  entries: string[];
  /** For each input line, in cart order, the entry its variant's quantities are summed into. */
  lineEntries: string[];
};

export type CanonicalCart = CanonicalEntries & {
  /** The entries joined by ",". */
  text: string;
  /** SHA-256 of `text`, lowercase hex: a v1 token's `cart`. */
  digest: string;
  /** The same digest as SHA-256 state words (what the Function compares a v1 token's `cart` with). */
  digestWords: Int32Array;
};

/**
 * The canonical entries of `lines`, or null when a line has no variant id or a non-integer quantity:
 * the app could not have signed it.
 */
export function canonicalEntries(lines: readonly BindingLine[]): CanonicalEntries | null {
  // A null-prototype object rather than a Map: in QuickJS a property access costs a fraction of a
  // Map operation, and this runs once or twice per line.
  const n = lines.length;
  const totals = Object.create(null) as Record<string, number | undefined>;
  const ids = new Array<string>(n);
  const lineEntries = new Array<string>(n);
  let repeated = false;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    const gid = line.m.i;
    const quantity = line.q;
    if (typeof gid !== "string" || !Number.isInteger(quantity)) return null;
    const id = gid.slice(gid.lastIndexOf("/") + 1);
    ids[i] = id;
    const total = totals[id];
    if (total === undefined) {
      totals[id] = quantity;
      // Right unless a later line has the same variant (then rewritten below).
      lineEntries[i] = id + "*" + quantity;
    } else {
      totals[id] = total + quantity;
      repeated = true;
    }
  }
  let entries: string[];
  if (!repeated) {
    // Usually every variant has one line: the lines' entries are the entries.
    entries = lineEntries.slice();
  } else {
    entries = [];
    const seen = Object.create(null) as Record<string, true | undefined>;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const entry = id + "*" + totals[id]!;
      lineEntries[i] = entry;
      if (seen[id] !== true) {
        seen[id] = true;
        entries.push(entry);
      }
    }
  }
  entries.sort();
  return { entries, lineEntries };
}

/** The canonical cart of `lines` with its SHA-256 (token v1's binding), or null as canonicalEntries. */
export function canonicalForm(lines: readonly BindingLine[]): CanonicalCart | null {
  const form = canonicalEntries(lines);
  if (!form) return null;
  // Built once: the digest hashes this string.
  const text = form.entries.join(",");
  const words = digestWords(messageWords(text));
  return { ...form, text, digest: wordsToHex(words), digestWords: words };
}

export function canonicalCart(lines: ReadonlyArray<{ q: number; m: { i: string } }>): string;
export function canonicalCart(lines: readonly BindingLine[]): string | null;
export function canonicalCart(lines: readonly BindingLine[]): string | null {
  return canonicalForm(lines)?.text ?? null;
}

export function cartDigest(lines: ReadonlyArray<{ q: number; m: { i: string } }>): string;
export function cartDigest(lines: readonly BindingLine[]): string | null;
export function cartDigest(lines: readonly BindingLine[]): string | null {
  return canonicalForm(lines)?.digest ?? null;
}
