// Exact arithmetic for money, rates and percentages. Prices arrive as decimal strings and caps must
// hold to the last minor unit, so nothing here touches a float: a value is a BigInt fraction. Used
// for what runs once per run and as the exact fallback of the per-line Number arithmetic (caps.ts,
// decimal.ts), which allocates no object per operation.
export type Rational = { n: bigint; d: bigint }; // d > 0

const DECIMAL = /^(\d{1,18})(?:\.(\d{1,12}))?$/;
// 10^0 … 10^12, the denominators a DECIMAL can have: a lookup instead of a BigInt power per price.
const POW10: readonly bigint[] = Array.from({ length: 13 }, (_, i) => 10n ** BigInt(i));

export const ZERO: Rational = { n: 0n, d: 1n };
export const HUNDRED: Rational = { n: 100n, d: 1n };

/** A non-negative decimal string ("12", "12.50"); anything else (signs, exponents, spaces) is null. */
export function parseDecimal(text: unknown): Rational | null {
  if (typeof text !== "string") return null;
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? "";
  return { n: BigInt(m[1]! + fraction), d: POW10[fraction.length]! };
}

/** A non-negative finite JSON number from the config, read through its shortest decimal form. */
export function fromNumber(value: unknown): Rational | null {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return null;
  return parseDecimal(String(value));
}

// Decimal denominators are powers of ten, so one usually divides the other: keeping the larger one
// stops a sum over 200 lines from growing a 400-digit denominator.
export function add(a: Rational, b: Rational): Rational {
  if (a.d === b.d) return { n: a.n + b.n, d: a.d };
  if (a.d % b.d === 0n) return { n: a.n + b.n * (a.d / b.d), d: a.d };
  if (b.d % a.d === 0n) return { n: a.n * (b.d / a.d) + b.n, d: b.d };
  return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}
export const negate = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const sub = (a: Rational, b: Rational): Rational => add(a, negate(b));
export const mul = (a: Rational, b: Rational): Rational => ({ n: a.n * b.n, d: a.d * b.d });
/** a / b for b > 0. */
export const div = (a: Rational, b: Rational): Rational => ({ n: a.n * b.d, d: a.d * b.n });
export const fromInt = (value: number): Rational => ({ n: BigInt(value), d: 1n });

export function cmp(a: Rational, b: Rational): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export const min = (a: Rational, b: Rational): Rational => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Rational, b: Rational): Rational => (cmp(a, b) >= 0 ? a : b);
export const isPositive = (a: Rational): boolean => a.n > 0n;

/** Decimal string of a value already floored to `digits` places ("10", "12.5", "0.07"). */
export function toDecimalString(a: Rational, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const units = (a.n * scale) / a.d;
  const whole = units / scale;
  if (digits === 0) return whole.toString();
  const fraction = (units % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}
