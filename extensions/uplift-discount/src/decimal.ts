// Decimal strings as exact Number integers, for the per-line caps (caps.ts). In QuickJS every object
// and every BigInt costs an allocation, so the hot path keeps a decimal as two plain numbers: an
// integer mantissa and its count of fraction digits (value = mantissa / 10^scale).
//
// Exactness: a double holds every integer below 2^53 exactly, and +, −, × of such integers are exact
// as long as the exact result is below 2^53 too. A product is checked after the fact (`< SAFE`): if
// the exact product were ≥ 2^53, its rounded value would be ≥ 2^53 as well (rounding is monotonic and
// 2^53 is a double), so a passing check proves the product exact. Callers fall back to the BigInt
// rationals of rational.ts when a check fails.

/** The language of rational.ts's parseDecimal: 1–18 digits, optionally "." and 1–12 digits. */
const DECIMAL = /^(\d{1,18})(?:\.(\d{1,12}))?$/;

/** 2^53: every integer below it is a double, exactly. */
export const SAFE = 9007199254740992;

/** 10^0 … 10^22, each exact in a double (5^22 < 2^53). */
export const POW10: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/** A decimal read by readDecimal: value = mantissa / 10^scale. */
export type DecimalParts = { mantissa: number; scale: number };

/**
 * Reads `text` as parseDecimal would into `out` (no allocation); false if it is not a decimal. The
 * mantissa is exact when the digits (fraction included) are at most 15 (< 10^15 < 2^50) or all zero;
 * a longer nonzero one is −1: above zero but maybe not exact, so the caller takes the BigInt path.
 *
 * The usual amount ("19.99") is read without the regular expression, which is the costlier call in
 * QuickJS: n = +text, and text is accepted when n.toFixed(its fraction digits) gives text back, n ≥ 0,
 * n < 10^15 and there are at most 15 digits and 12 fraction digits. toFixed writes /^\d+(\.\d+)?$/
 * for such n, so what it accepts is in DECIMAL; anything else (leading zeros, signs, spaces,
 * exponents, "Infinity", long digit strings) goes through DECIMAL itself. With M the digits as an
 * integer (< 2^50) and s the fraction digits, n = M/10^s within a relative 2^−53, and so is n × 10^s
 * of M within 2^−52 relative, less than 1/4: Math.round gives M exactly.
 */
export function readDecimal(text: unknown, out: DecimalParts): boolean {
  if (typeof text !== "string") return false;
  const n = +text;
  const dot = text.indexOf(".");
  const scale = dot < 0 ? 0 : text.length - dot - 1;
  if (n >= 0 && n < 1e15 && scale <= 12 && text.length - (dot < 0 ? 0 : 1) <= 15 && n.toFixed(scale) === text) {
    out.scale = scale;
    out.mantissa = Math.round(n * POW10[scale]!);
    return true;
  }
  const m = DECIMAL.exec(text);
  if (m === null) return false;
  const fraction = m[2];
  const digits = fraction === undefined ? m[1]! : m[1]! + fraction;
  const value = +digits;
  out.scale = fraction === undefined ? 0 : fraction.length;
  out.mantissa = digits.length <= 15 || value === 0 ? value : -1;
  return true;
}

/**
 * readDecimal for text already known to be in parseDecimal's language (the config's unit costs,
 * checked all at once when the config is parsed): the same result, without checking the text again,
 * which is most of readDecimal's cost. Exact by the same argument (at most 15 digits, fewer than
 * 2^50); a longer nonzero decimal gets the mantissa −1.
 */
export function readCheckedDecimal(text: string, out: DecimalParts): void {
  const dot = text.indexOf(".");
  const scale = dot < 0 ? 0 : text.length - dot - 1;
  const n = +text;
  out.scale = scale;
  out.mantissa = text.length - (dot < 0 ? 0 : 1) <= 15 || n === 0 ? Math.round(n * POW10[scale]!) : -1;
}
