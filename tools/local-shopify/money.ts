import type { CartLine } from "./model";

// Amounts travel as decimal strings; arithmetic happens in integer cents to avoid float drift.
export function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function amount(centsValue: number): string {
  return (centsValue / 100).toFixed(2);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type Totals = { subtotal: string; discounts: string; shipping: string; tax: string; total: string };

const FREE_SHIPPING_FROM = 7500;
const SHIPPING = 695;
const TAX_RATE = 0.07;

export function priceLines(lines: readonly CartLine[], discountRate = 0): Totals {
  const subtotal = lines.reduce((sum, l) => sum + cents(l.price) * l.quantity, 0);
  const discounts = Math.round(subtotal * discountRate);
  const shipping = subtotal - discounts >= FREE_SHIPPING_FROM || subtotal === 0 ? 0 : SHIPPING;
  const tax = Math.round((subtotal - discounts) * TAX_RATE);
  return {
    subtotal: amount(subtotal),
    discounts: amount(discounts),
    shipping: amount(shipping),
    tax: amount(tax),
    total: amount(subtotal - discounts + shipping + tax),
  };
}
