// Check 7 of ADR 0005: the config's hard caps, applied again inside the Function whatever the token
// says. Every bound is exact and every result is rounded down.
import type { Caps } from "./config";
import { currencyDigits } from "./currency";
import type { InputLine } from "./input";
import { add, cmp, div, floorTo, fromInt, HUNDRED, isPositive, max, min, mul, ONE, parseDecimal, sub, ZERO, type Rational } from "./rational";

export type Line = {
  id: string;
  variantId: string | null;
  productId: string | null;
  quantity: number;
  unitPrice: Rational | null;
};

export function toLines(lines: InputLine[]): Line[] {
  return lines.map((l) => ({
    id: l.id,
    variantId: typeof l.merchandise.id === "string" ? l.merchandise.id : null,
    productId: typeof l.merchandise.product?.id === "string" ? l.merchandise.product.id : null,
    quantity: Number.isInteger(l.quantity) && l.quantity > 0 ? l.quantity : 0,
    unitPrice: parseDecimal(l.cost?.amountPerQuantity.amount),
  }));
}

/** The presentment currency every line shares, or null if they disagree or the cart is empty. */
export function cartCurrency(lines: InputLine[]): string | null {
  const codes = new Set(lines.map((l) => l.cost?.amountPerQuantity.currencyCode));
  const [only] = codes;
  return codes.size === 1 && typeof only === "string" ? only : null;
}

/** Lines the config lets a discount touch (a percentage offer narrows them further to its targets). */
export function isEligible(line: Line, caps: Caps): boolean {
  if (!line.variantId || !line.productId || !line.unitPrice || !isPositive(line.unitPrice) || line.quantity <= 0) return false;
  if (caps.excludedVariantIds.has(line.variantId) || caps.excludedProductIds.has(line.productId)) return false;
  return !caps.eligibleProductIds || caps.eligibleProductIds.has(line.productId);
}

export type Pricing = {
  caps: Caps;
  rate: Rational;
  digits: number;
  /** One minor unit of the currency. */
  unit: Rational;
  /** marginFloor as the share of the price and the amount in this currency, when there is one. */
  floor: { share: Rational; min: Rational } | null;
};

export function pricing(caps: Caps, rateText: unknown, currency: string): Pricing | null {
  const rate = parseDecimal(rateText);
  if (!rate || !isPositive(rate)) return null;
  const digits = currencyDigits(currency);
  const floor = caps.marginFloor ? { share: div(caps.marginFloor.percentOfPrice, HUNDRED), min: mul(caps.marginFloor.min, rate) } : null;
  return { caps, rate, digits, unit: { n: 1n, d: 10n ** BigInt(digits) }, floor };
}

/**
 * How much of a line's value (quantity × price) a discount may take and keep every unit at the
 * margin floor: price − cost − discount ≥ max(percentOfPrice% × price, min), costs and `min` in the
 * shop's currency converted with presentmentCurrencyRate. One minor unit per line is held back
 * because Shopify rounds the amount it derives from a percentage or allocates from an order
 * discount, and that rounding must not cross the floor. Null for a line without a known cost, which
 * is not margin-checked; a config without marginFloor still never sells below cost. May be ≤ 0.
 */
function marginBudget(line: Line, p: Pricing): Rational | null {
  const cost = line.variantId ? p.caps.costs.get(line.variantId) : undefined;
  if (cost === undefined || !line.unitPrice) return null;
  const price = line.unitPrice;
  const floor = p.floor ? max(mul(p.floor.share, price), p.floor.min) : ZERO;
  const unitHeadroom = sub(sub(price, mul(cost, p.rate)), floor);
  return sub(mul(unitHeadroom, fromInt(line.quantity)), p.unit);
}

/** The share of a line's value a discount may take (marginBudget), between 0 and 1. */
export function marginShare(line: Line, p: Pricing): Rational {
  const budget = marginBudget(line, p);
  if (budget === null) return ONE;
  if (!isPositive(budget)) return ZERO;
  return min(ONE, div(budget, mul(line.unitPrice!, fromInt(line.quantity))));
}

/**
 * The percentage of a percentage offer each eligible line gets, in hundredths of a percent (0: none):
 * the token's, capped by maxPercent and the margin floor, floored to 0.01. Both caps are at most
 * 100%, so a line without a known cost (not margin-checked) gets the same value: computed once.
 */
export function percentHundredths(tokenPercent: Rational, p: Pricing): (line: Line) => number {
  const cap = min(tokenPercent, p.caps.maxPercent);
  const capped = Number((cap.n * 100n) / cap.d); // floor; cap ≥ 0
  return (line) => {
    const budget = marginBudget(line, p);
    if (budget === null) return capped;
    if (!isPositive(budget)) return 0;
    // ⌊10,000 × budget / value⌋: the budget is below the value, so this is below 10,000 ≥ capped.
    const value = mul(line.unitPrice!, fromInt(line.quantity));
    const h = Number((budget.n * value.d * 10000n) / (budget.d * value.n));
    return h < capped ? h : capped;
  };
}

/**
 * An order discount of a fixed amount over `eligible` lines. Shopify spreads it over the lines it
 * covers in proportion to their value, so the margin floor binds through the smallest share among
 * them; a line with little room is left out when that allows a larger discount for the rest.
 */
export function orderAmount(eligible: Line[], tokenAmount: Rational, maxFixed: Rational, p: Pricing): { amount: Rational; lines: Line[] } | null {
  const rows = eligible.map((line) => ({ line, value: mul(line.unitPrice!, fromInt(line.quantity)), share: marginShare(line, p) }));
  const usable = rows.filter((r) => isPositive(r.share)).sort((a, b) => cmp(a.share, b.share));
  let best: { amount: Rational; from: number } | null = null;
  let subtotal = ZERO;
  for (let from = usable.length - 1; from >= 0; from--) {
    const row = usable[from]!;
    subtotal = add(subtotal, row.value);
    let amount = min(tokenAmount, maxFixed);
    amount = min(amount, div(mul(p.caps.maxPercent, subtotal), HUNDRED));
    amount = min(amount, mul(row.share, subtotal)); // share ≤ 1, so also ≤ subtotal
    amount = floorTo(amount, p.digits);
    if (!best || cmp(amount, best.amount) >= 0) best = { amount, from };
  }
  if (!best || !isPositive(best.amount)) return null;
  return { amount: best.amount, lines: usable.slice(best.from).map((r) => r.line) };
}
