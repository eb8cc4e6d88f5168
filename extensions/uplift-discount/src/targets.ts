// A percentage offer's `targets` (ADR 0005): a lowercase hex bitmap over the canonical cart's entries
// in order, entry i being bit 3 − i mod 4 of hex digit ⌊i/4⌋ (most significant bit first); in a v2
// token also EVERY_ENTRY, for every entry of the cart the token is bound to (the usual offer, and a
// 200-entry bitmap is 50 bytes of signing string: most of a SHA-256 block).
import type { CanonicalEntries } from "./canonical";

/** A v2 token's `targets` naming every entry of its cart. */
export const EVERY_ENTRY = "*";

const HEX = /^[0-9a-f]*$/;
const SOME_BIT = /[1-9a-f]/;

/**
 * Whether `bitmap` is a `targets` bitmap for a cart of `count` entries: exactly ⌈count/4⌉ lowercase
 * hex digits, no bit set past entry count − 1, at least one bit set; or EVERY_ENTRY, when `every`
 * (v2) and the cart has an entry.
 */
export function isTargetBitmap(bitmap: string, count: number, every = false): boolean {
  if (bitmap === EVERY_ENTRY) return every && count > 0;
  if (bitmap.length !== (count + 3) >> 2 || !HEX.test(bitmap) || !SOME_BIT.test(bitmap)) return false;
  const unused = bitmap.length * 4 - count; // 0–3 trailing bits of the last digit
  return unused === 0 || (parseInt(bitmap.charAt(bitmap.length - 1), 16) & ((1 << unused) - 1)) === 0;
}

/** Whether a valid bitmap for `count` entries names every entry: EVERY_ENTRY, or "f…f" and a last digit "8", "c" or "e". */
export function targetsEveryEntry(bitmap: string, count: number): boolean {
  if (bitmap === EVERY_ENTRY) return true;
  const last = count & 3;
  return bitmap === "f".repeat(count >> 2) + (last === 0 ? "" : "0123456789abcdef".charAt((0xf0 >> last) & 0xf));
}

/**
 * For each input line, 1 when its canonical entry is set in a valid `targets` bitmap, else 0; null
 * when the bitmap sets every entry, so every line is a target. `form` is called only otherwise: the
 * sorted entries are needed to read the bits, not to know that all are set.
 */
export function targetMask(bitmap: string, count: number, form: () => CanonicalEntries): Uint8Array | null {
  if (targetsEveryEntry(bitmap, count)) return null;
  const { entries, lineEntries } = form();
  const bits = new Uint8Array(count + 3);
  for (let d = 0, i = 0; d < bitmap.length && i < count; d++, i += 4) {
    const nibble = parseInt(bitmap.charAt(d), 16);
    bits[i] = (nibble >> 3) & 1;
    bits[i + 1] = (nibble >> 2) & 1;
    bits[i + 2] = (nibble >> 1) & 1;
    bits[i + 3] = nibble & 1;
  }
  // A line's entry is found by its text: one property read per line.
  const position = Object.create(null) as Record<string, number>;
  for (let j = 0; j < count; j++) position[entries[j]!] = j;
  const mask = new Uint8Array(lineEntries.length);
  for (let i = 0; i < mask.length; i++) mask[i] = bits[position[lineEntries[i]!]!]!;
  return mask;
}

/** For each input line of `form`, whether its canonical entry is set in a valid `targets` bitmap. */
export function targetLines(bitmap: string, form: CanonicalEntries): boolean[] {
  const mask = targetMask(bitmap, form.entries.length, () => form);
  return form.lineEntries.map((_, i) => mask === null || mask[i] === 1);
}
