import type { Order, OrderLine } from "./model";
import { amount, cents, taxOn } from "./money";

// Refund arithmetic shared by the Store, the GraphQL order view and the order webhooks, so the
// Admin API and the webhooks report the same current subtotal for an order.

/** What the shop kept of the merchandise: subtotal less refunded line items (never below zero). */
export function currentSubtotal(o: Order): string {
  const refunded = o.refundedSubtotal ?? o.totalRefunded;
  return amount(Math.max(0, cents(o.subtotalPrice) - cents(refunded)));
}

/**
 * The refund of `quantity` units of a line: their share of the line's price after its discount
 * allocations, and the shop's flat tax on that.
 */
export function refundLineAmounts(line: OrderLine, quantity: number): { subtotal: string; totalTax: string } {
  const allocated = (line.discountAllocations ?? []).reduce((sum, a) => sum + cents(a.amount), 0);
  const lineTotal = cents(line.price) * line.quantity - allocated;
  const subtotal = Math.round((lineTotal * quantity) / line.quantity);
  return { subtotal: amount(subtotal), totalTax: amount(taxOn(subtotal)) };
}
