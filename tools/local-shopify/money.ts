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

// The generated shop's shipping rate: free from $75, else $6.95.
export function shippingFor(subtotalCents: number): number {
  return subtotalCents >= FREE_SHIPPING_FROM || subtotalCents === 0 ? 0 : SHIPPING;
}

// The generated shop charges a flat 7 % on the discounted subtotal and does not tax shipping.
export function taxOn(subtotalCents: number): number {
  return Math.round(subtotalCents * TAX_RATE);
}

export function priceLines(lines: readonly CartLine[], discountRate = 0): Totals {
  const subtotal = lines.reduce((sum, l) => sum + cents(l.price) * l.quantity, 0);
  const discounts = Math.round(subtotal * discountRate);
  const shipping = shippingFor(subtotal - discounts);
  const tax = taxOn(subtotal - discounts);
  return {
    subtotal: amount(subtotal),
    discounts: amount(discounts),
    shipping: amount(shipping),
    tax: amount(tax),
    total: amount(subtotal - discounts + shipping + tax),
  };
}
