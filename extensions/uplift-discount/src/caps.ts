// Check 7 of ADR 0005: the config's hard caps, applied again inside the Function whatever the token
// says. Every bound is exact and every result is rounded down.
//
// What runs once per cart line works on plain Numbers (decimal.ts: an exact integer mantissa and a
// count of fraction digits), allocates nothing and checks every product against 2^53; a line whose
// numbers would not stay exact (long decimals, huge amounts) is computed with the BigInt rationals
// of rational.ts instead, with the same result. What runs once per run uses the rationals. In
// QuickJS an object, a Set or Map operation, a regular expression or a function call costs many
// times an arithmetic operation (bench/functions.ts measures it), hence the shape of this file.
import type { Caps } from "./config";
import { currencyDigits } from "./currency";
import { POW10, readCheckedDecimal, readDecimal, SAFE, type DecimalParts } from "./decimal";
import type { InputLine } from "./input";
import { div, fromInt, HUNDRED, isPositive, max, min, mul, parseDecimal, sub, ZERO, type Rational } from "./rational";

export type Pricing = {
  caps: Caps;
  rate: Rational;
  digits: number;
  /** One minor unit of the currency. */
  unit: Rational;
  /** marginFloor as the share of the price and the amount in this currency, when there is one. */
  floor: { share: Rational; min: Rational } | null;
  /** The same numbers for the Number path, as mantissa and scale (value = mantissa / 10^scale);
   *  `exact` false when one is not exact in a Number: every margin-checked line takes the BigInt path. */
  fast: { exact: boolean; rate: number; rateScale: number; percentOfPrice: number; percentScale: number; minRate: number; minRateScale: number };
};

/** A rational with a power-of-ten denominator (what parseDecimal returns) as mantissa and scale. */
function decimalParts(r: Rational): DecimalParts {
  return { mantissa: r.n < 9007199254740992n ? Number(r.n) : -1, scale: r.d.toString().length - 1 };
}

export function pricing(caps: Caps, rateText: unknown, currency: string): Pricing | null {
  const rate = parseDecimal(rateText);
  if (!rate || !isPositive(rate)) return null;
  const digits = currencyDigits(currency);
  const mf = caps.marginFloor;
  const floor = mf ? { share: div(mf.percentOfPrice, HUNDRED), min: mul(mf.min, rate) } : null;
  const r = decimalParts(rate);
  const percent = mf ? decimalParts(mf.percentOfPrice) : { mantissa: 0, scale: 0 };
  const minimum = mf ? decimalParts(mf.min) : { mantissa: 0, scale: 0 };
  // min × rate; exact when below 2^53 (decimal.ts).
  const minRate = minimum.mantissa * r.mantissa;
  const exact = r.mantissa >= 0 && percent.mantissa >= 0 && minimum.mantissa >= 0 && minRate < SAFE;
  return {
    caps,
    rate,
    digits,
    unit: { n: 1n, d: 10n ** BigInt(digits) },
    floor,
    fast: { exact, rate: r.mantissa, rateScale: r.scale, percentOfPrice: percent.mantissa, percentScale: percent.scale, minRate, minRateScale: minimum.scale + r.scale },
  };
}

/** What the caps read of a line the config lets a discount touch (overwritten by the next). */
type LineFacts = { price: DecimalParts; priceText: string; quantity: number; costText: string | null };

/**
 * The variant id of a line the config lets a discount touch (a product variant with ids and a
 * positive integer quantity, not excluded, eligible), else null. Its price is the caller's to read:
 * a percentage needs only that it is above zero, unless the line has a unit cost.
 */
function touchable(line: InputLine, caps: Caps): string | null {
  const variant = line.m;
  const variantId = variant.i;
  const productId = variant.p?.i;
  const quantity = line.q;
  if (typeof variantId !== "string" || variantId === "" || typeof productId !== "string" || productId === "") return null;
  // A GraphQL Int: `| 0` keeps every integer it can be, and is far cheaper than Number.isInteger.
  if ((quantity | 0) !== quantity || quantity <= 0) return null;
  if (caps.excludedVariantIds !== null && caps.excludedVariantIds[variantId] === true) return null;
  if (caps.excludedProductIds !== null && caps.excludedProductIds[productId] === true) return null;
  if (caps.eligibleProductIds !== null && caps.eligibleProductIds[productId] !== true) return null;
  return variantId;
}

/** The variant's unit cost from the config (a checked decimal string), or null. */
function costOf(caps: Caps, variantId: string): string | null {
  if (!caps.hasCosts) return null;
  // No inherited property of an object is a string: a string is the variant's own, checked, cost.
  const cost = caps.costs[variantId];
  return typeof cost === "string" ? cost : null;
}

/**
 * Whether a price is above zero, without reading its value: a decimal that starts with 1–9 is, and
 * only a price below 1 is read as a number. A percentage needs no more of a line without a unit cost:
 * Shopify takes the percentage of its own price.
 */
function isPositivePrice(text: unknown): boolean {
  if (typeof text !== "string") return false;
  if (text >= "1" && text < ":") return true; // "1" ≤ text < ":" (the character after "9")
  return +text > 0 && text.charCodeAt(0) === 48; // "0…" above zero, e.g. "0.50"
}

/** Reads the price and the facts of a touchable line into `out`; false when its price is not a decimal above zero. */
function readFacts(line: InputLine, costText: string | null, out: LineFacts): boolean {
  const priceText = line.c?.u.a;
  // A mantissa of −1 is a long decimal above zero.
  if (!readDecimal(priceText, out.price) || out.price.mantissa === 0) return false;
  out.priceText = priceText as string;
  out.quantity = line.q;
  out.costText = costText;
  return true;
}

const lineFacts = (): LineFacts => ({ price: { mantissa: 0, scale: 0 }, priceText: "", quantity: 0, costText: null });

/**
 * How much of a line's value (quantity × price) a discount may take and keep every unit at the
 * margin floor: price − cost − discount ≥ max(percentOfPrice% × price, min), costs and `min` in the
 * shop's currency converted with presentmentCurrencyRate. One minor unit per line is held back
 * because Shopify rounds the amount it derives from a percentage or allocates from an order
 * discount, and that rounding must not cross the floor. A config without marginFloor still never
 * sells below cost. May be ≤ 0. The exact (BigInt) reading, for a line with a cost; marginReader's is
 * the same in Numbers.
 */
function marginBudget(facts: LineFacts, p: Pricing): { budget: Rational; value: Rational } {
  const price = parseDecimal(facts.priceText)!;
  const cost = parseDecimal(facts.costText)!;
  const floor = p.floor ? max(mul(p.floor.share, price), p.floor.min) : ZERO;
  const unitHeadroom = sub(sub(price, mul(cost, p.rate)), floor);
  const quantity = fromInt(facts.quantity);
  return { budget: sub(mul(unitHeadroom, quantity), p.unit), value: mul(price, quantity) };
}

/** A margin reader's result: budget and value as integers of the same scale. */
type Margin = { budget: number; value: number };

/**
 * marginBudget in Numbers, for a line with a cost: a function that puts the budget and the value as
 * integer counts of 10^−E into `out`, or returns false when a value would not be exact (then use
 * marginBudget). A closure, so that the per-run numbers and the cached powers of ten are local
 * variables rather than property reads on every line.
 *
 * E is the largest scale among the terms: price P, cost × rate C·R, floor share P × percentOfPrice /
 * 100, min × rate M·R, the minor unit u. Then
 *   headroom H = P − C·R − max(P·pct/100, M·R), value V = q·P, budget B = q·H − u,
 * and every product is checked below 2^53 (decimal.ts; a product that reached 2^53 makes its scaled
 * value, × a power ≥ 1, do so too, so checking C·R·10^k, P·pct·10^k and 100·V covers them all). The
 * differences need no check: P − C·R is exact (both in [0, 2^53)); the next one, when above 0, is
 * below P and so exact, and when at or below 0 it stays so after rounding (rounding is monotonic),
 * and B is then reported as 0. q·H ≤ q·P = V is exact, and B = q·H − u, when above 0, is below q·H
 * and exact. So B < V < 2^53 / 100, which the percentage and the order discount rely on.
 */
function marginReader(p: Pricing): (facts: LineFacts, out: Margin) => boolean {
  const { exact, rate, rateScale, percentOfPrice, percentScale, minRate, minRateScale } = p.fast;
  const floored = p.floor !== null;
  const digits = p.digits;
  const cost: DecimalParts = { mantissa: 0, scale: 0 };
  // The powers of ten for the last price and cost scales, which are usually the same on every line.
  let priceScale = -1;
  let costScale = -1;
  let ok = false;
  let pPow = 0;
  let crPow = 0;
  let sharePow = 0;
  let minE = 0;
  let unitE = 0;
  return (facts, out) => {
    const price = facts.price;
    if (!exact || price.mantissa < 0) return false;
    readCheckedDecimal(facts.costText!, cost);
    if (cost.mantissa < 0) return false;
    if (price.scale !== priceScale || cost.scale !== costScale) {
      priceScale = price.scale;
      costScale = cost.scale;
      const crScale = costScale + rateScale;
      const shareScale = priceScale + percentScale + 2;
      let e = priceScale > crScale ? priceScale : crScale;
      if (floored) {
        if (shareScale > e) e = shareScale;
        if (minRateScale > e) e = minRateScale;
      }
      if (digits > e) e = digits;
      ok = e <= 22;
      if (ok) {
        pPow = POW10[e - priceScale]!;
        crPow = POW10[e - crScale]!;
        sharePow = floored ? POW10[e - shareScale]! : 0;
        minE = floored ? minRate * POW10[e - minRateScale]! : 0;
        unitE = POW10[e - digits]!;
        ok = minE < SAFE;
      }
    }
    if (!ok) return false;
    const pE = price.mantissa * pPow;
    const crE = cost.mantissa * rate * crPow;
    const shareE = price.mantissa * percentOfPrice * sharePow;
    const value = facts.quantity * pE;
    if (crE >= SAFE || shareE >= SAFE || value * 100 >= SAFE) return false;
    const headroom = pE - crE - (shareE > minE ? shareE : minE);
    const budget = headroom <= 0 ? 0 : facts.quantity * headroom - unitE;
    out.budget = budget < 0 ? 0 : budget;
    out.value = value;
    return true;
  };
}

/** The percentage cap in hundredths of a percent: the token's and maxPercent, floored to 0.01. */
export function percentCap(tokenPercent: Rational, p: Pricing): number {
  const cap = min(tokenPercent, p.caps.maxPercent);
  return Number((cap.n * 100n) / cap.d); // floor; cap ≥ 0
}

/**
 * The percentage of a percentage offer each cart line gets, in hundredths of a percent (0: none): the
 * lines `targets` names (null: all) that the config allows, each at `capped` (the token's percent
 * and maxPercent, percentCap) or less where the margin floor binds, ⌊10,000 × budget / value⌋. A
 * line without a known cost is not margin-checked and gets `capped`.
 */
export function percentHundredths(lines: InputLine[], targets: Uint8Array | null, capped: number, p: Pricing): Int32Array {
  const out = new Int32Array(lines.length);
  const { excludedVariantIds, excludedProductIds, eligibleProductIds, hasCosts, costs } = p.caps;
  const facts = lineFacts();
  const readMargin = marginReader(p);
  const margin: Margin = { budget: 0, value: 0 };
  for (let i = 0; i < lines.length; i++) {
    if (targets !== null && targets[i] !== 1) continue;
    // touchable(), costOf() and isPositivePrice()'s first test inlined: this loop runs for up to 200
    // lines and in QuickJS a call costs as much as the checks themselves (tests/caps.test.ts holds
    // this loop and orderDiscount's to the same lines).
    const line = lines[i]!;
    const variant = line.m;
    const variantId = variant.i;
    const productId = variant.p?.i;
    const quantity = line.q;
    if (typeof variantId !== "string" || variantId === "" || typeof productId !== "string" || productId === "") continue;
    if ((quantity | 0) !== quantity || quantity <= 0) continue;
    if (excludedVariantIds !== null && excludedVariantIds[variantId] === true) continue;
    if (excludedProductIds !== null && excludedProductIds[productId] === true) continue;
    if (eligibleProductIds !== null && eligibleProductIds[productId] !== true) continue;
    const cost = hasCosts ? costs[variantId] : undefined;
    if (typeof cost !== "string") {
      const price = line.c?.u.a;
      if (typeof price === "string" && ((price >= "1" && price < ":") || isPositivePrice(price))) out[i] = capped;
      continue;
    }
    if (!readFacts(line, cost, facts)) continue;
    let h: number;
    if (readMargin(facts, margin)) {
      // B < V and 100·V < 2^53: ⌊10,000·B/V⌋ = 100·⌊100·B/V⌋ + ⌊100·r/V⌋ with r = 100·B mod V,
      // two exact integer divisions, (x − x mod V) / V.
      const budget = margin.budget;
      const value = margin.value;
      const t1 = budget * 100;
      const r1 = t1 % value;
      const t2 = r1 * 100;
      h = ((t1 - r1) / value) * 100 + (t2 - (t2 % value)) / value;
    } else {
      const { budget, value } = marginBudget(facts, p);
      // The budget is below the value, so this is below 10,000.
      h = isPositive(budget) ? Number((budget.n * value.d * 10000n) / (budget.d * value.n)) : 0;
    }
    out[i] = h < capped ? h : capped;
  }
  return out;
}

/** 10^12 as a BigInt: a decimal has at most 12 fraction digits, so values × 10^12 are integers. */
const SCALE = 10n ** 12n;

/**
 * An order discount of a fixed amount over the lines the config allows: the amount in minor units
 * and, for each cart line, whether the discount covers it; null for none. Shopify spreads the
 * amount over the lines it covers in proportion to their value, so the margin floor binds through
 * the smallest share (budget / value, at most 1) among them, and a line with little room is left
 * out when that allows a larger discount for the rest: over the lines sorted by share, each suffix
 * gets ⌊min(token, maxFixed, maxPercent × subtotal, share × subtotal)⌋ and the largest wins (the
 * longest on a tie). BigInts, as the suffix sums and their products outgrow 2^53; no object per
 * step.
 */
export function orderDiscount(lines: InputLine[], tokenAmount: Rational, maxFixed: Rational, p: Pricing): { minorUnits: bigint; covered: Uint8Array } | null {
  const facts = lineFacts();
  const readMargin = marginReader(p);
  const margin: Margin = { budget: 0, value: 0 };
  // Lines with a share below 1 (sorted below); the others come after them in cart order.
  const partial: Array<{ line: number; num: bigint; den: bigint }> = [];
  const whole: number[] = [];
  const values: bigint[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const variantId = touchable(lines[i]!, p.caps);
    if (variantId === null || !readFacts(lines[i]!, costOf(p.caps, variantId), facts)) continue;
    // The line's value × 10^12, exact (a Number product when it is below 2^53).
    const lineValue = facts.price.mantissa * facts.quantity;
    if (facts.price.mantissa >= 0 && lineValue < SAFE) {
      values[i] = BigInt(lineValue) * 10n ** BigInt(12 - facts.price.scale);
    } else {
      const exact = mul(parseDecimal(facts.priceText)!, fromInt(facts.quantity));
      values[i] = (exact.n * SCALE) / exact.d;
    }
    if (facts.costText === null) {
      whole.push(i);
      continue;
    }
    let num: bigint;
    let den: bigint;
    if (readMargin(facts, margin)) {
      if (margin.budget <= 0) continue;
      num = BigInt(margin.budget);
      den = BigInt(margin.value);
    } else {
      const { budget, value } = marginBudget(facts, p);
      if (!isPositive(budget)) continue;
      num = budget.n * value.d;
      den = budget.d * value.n;
    }
    if (num >= den) whole.push(i);
    else partial.push({ line: i, num, den });
  }
  // By share, then by cart order (a stable sort by share).
  partial.sort((a, b) => {
    const l = a.num * b.den;
    const r = b.num * a.den;
    return l < r ? -1 : l > r ? 1 : a.line - b.line;
  });
  const order: number[] = [];
  for (let k = 0; k < partial.length; k++) order.push(partial[k]!.line);
  for (let k = 0; k < whole.length; k++) order.push(whole[k]!); // pushed in cart order
  if (order.length === 0) return null;
  // In minor units: ⌊min(a, b, …) × 10^d⌋ = min(⌊a × 10^d⌋, ⌊b × 10^d⌋, …).
  const unitsPer = 10n ** BigInt(p.digits);
  const offered = min(tokenAmount, maxFixed);
  const offeredUnits = (offered.n * unitsPer) / offered.d;
  const mp = p.caps.maxPercent;
  const percentNum = mp.n * unitsPer;
  const percentDen = mp.d * 100n * SCALE;
  let best = -1n;
  let from = -1;
  let subtotal = 0n;
  for (let k = order.length - 1; k >= 0; k--) {
    subtotal += values[order[k]!]!;
    let amount = offeredUnits;
    const byPercent = (percentNum * subtotal) / percentDen;
    if (byPercent < amount) amount = byPercent;
    // The suffix's smallest share is its first line's (share 1 past the partial ones).
    const byMargin = k < partial.length ? (partial[k]!.num * subtotal * unitsPer) / (partial[k]!.den * SCALE) : (subtotal * unitsPer) / SCALE;
    if (byMargin < amount) amount = byMargin;
    if (amount >= best) {
      best = amount;
      from = k;
    }
  }
  if (best <= 0n) return null;
  const covered = new Uint8Array(lines.length);
  for (let k = from; k < order.length; k++) covered[order[k]!] = 1;
  return { minorUnits: best, covered };
}
