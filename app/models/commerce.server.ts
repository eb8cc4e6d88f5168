import { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";

// Mirrors of Shopify resources as their webhooks describe them. Every write carries the shop, and an
// update older than what we hold is ignored, because Shopify does not promise delivery order.

export type CustomerInput = {
  shopifyGid: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  state: string | null;
  tags?: string[];
  currency: string | null;
  shopifyCreatedAt: Date | null;
  shopifyUpdatedAt: Date | null;
};

export async function upsertCustomer(tx: Tx, shop: string, c: CustomerInput): Promise<void> {
  const existing = await tx.customer.findUnique({ where: { shop_shopifyGid: { shop, shopifyGid: c.shopifyGid } } });
  if (existing?.redactedAt) return; // erased on request: never bring personal data back
  if (existing && existing.shopifyUpdatedAt && c.shopifyUpdatedAt && existing.shopifyUpdatedAt > c.shopifyUpdatedAt) return;
  await tx.customer.upsert({
    where: { shop_shopifyGid: { shop, shopifyGid: c.shopifyGid } },
    create: { shop, ...c },
    update: { ...c },
  });
}

/**
 * An order can arrive before its customer's own webhook: create the customer from what the order
 * carries, once, so per-customer counters have a row to land on. customers/create fills in the rest.
 */
export async function ensureCustomer(tx: Tx, shop: string, c: CustomerInput): Promise<void> {
  await tx.customer.createMany({ data: [{ shop, ...c }], skipDuplicates: true });
}

export type OrderInput = {
  shopifyGid: string;
  name: string | null;
  customerGid: string | null;
  email: string | null;
  currency: string;
  totalPrice: string;
  subtotalPrice: string | null;
  totalDiscounts: string | null;
  currentSubtotalPrice?: string | null;
  financialStatus: string | null;
  cancelledAt: Date | null;
  lineItems: Prisma.InputJsonValue;
  paidAt?: Date | null;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
};

/** Returns true when the order is new to us (so per-customer counters move exactly once). */
export async function upsertOrder(tx: Tx, shop: string, o: OrderInput): Promise<boolean> {
  const existing = await tx.order.findUnique({ where: { shop_shopifyGid: { shop, shopifyGid: o.shopifyGid } } });
  if (!existing) {
    await tx.order.create({ data: { shop, ...o } });
    return true;
  }
  if (existing.redactedAt) return false;
  const paidAt = o.paidAt ?? existing.paidAt;
  if (existing.shopifyUpdatedAt > o.shopifyUpdatedAt) {
    if (paidAt !== existing.paidAt) await tx.order.update({ where: { id: existing.id }, data: { paidAt } });
    return false;
  }
  await tx.order.update({ where: { id: existing.id }, data: { ...o, paidAt } });
  return false;
}

export async function addOrderToCustomer(tx: Tx, shop: string, customerGid: string, amount: string): Promise<void> {
  await tx.customer.updateMany({
    where: { shop, shopifyGid: customerGid },
    data: { ordersCount: { increment: 1 }, amountSpent: { increment: new Prisma.Decimal(amount) } },
  });
}

/** The anonymous unit an order came from (its checkout), for experiments counted per checkout. */
export async function linkOrderToCheckout(tx: Tx, shop: string, orderGid: string, checkoutToken: string): Promise<void> {
  const unitId = `checkout:${checkoutToken}`;
  await tx.orderUnit.upsert({ where: { shop_orderGid_unitId: { shop, orderGid, unitId } }, create: { shop, orderGid, unitId, source: "checkout_token" }, update: {} });
}

export type RefundInput = { orderGid: string; refundedSubtotal: string; refundedAt: Date };
export type RefundResult = "applied" | "unknown_order" | "redacted" | "already_reflected";

/**
 * A refund lowers what the shop kept of an order's merchandise (`currentSubtotalPrice`, which
 * orders/updated and the backfill set from Shopify's current_subtotal_price). A stored order last
 * updated at or after the refund already reflects it, so only a refund newer than the order moves
 * it, and the order's time moves to the refund's: an orders/updated from before the refund is then
 * stale, one from after it restates the figure. Two refunds of one order in the same second count
 * once until that orders/updated arrives (Shopify timestamps are whole seconds).
 */
export async function applyRefund(tx: Tx, shop: string, r: RefundInput): Promise<RefundResult> {
  const existing = await tx.order.findUnique({ where: { shop_shopifyGid: { shop, shopifyGid: r.orderGid } } });
  if (!existing) return "unknown_order";
  if (existing.redactedAt) return "redacted";
  if (existing.shopifyUpdatedAt >= r.refundedAt) return "already_reflected";
  const kept = existing.currentSubtotalPrice ?? existing.subtotalPrice ?? existing.totalPrice;
  const left = Prisma.Decimal.max(0, kept.minus(new Prisma.Decimal(r.refundedSubtotal)));
  await tx.order.update({ where: { id: existing.id }, data: { currentSubtotalPrice: left, shopifyUpdatedAt: r.refundedAt } });
  return "applied";
}

export type CartInput = {
  token: string;
  lineItems: Prisma.InputJsonValue;
  itemCount: number;
  totalPrice: string;
  currency: string | null;
  shopifyUpdatedAt: Date;
};

export async function upsertCart(tx: Tx, shop: string, c: CartInput): Promise<void> {
  const existing = await tx.cart.findUnique({ where: { shop_token: { shop, token: c.token } } });
  if (existing && existing.shopifyUpdatedAt > c.shopifyUpdatedAt) return;
  await tx.cart.upsert({ where: { shop_token: { shop, token: c.token } }, create: { shop, ...c }, update: c });
}

export type CheckoutInput = {
  token: string;
  cartToken: string | null;
  customerGid: string | null;
  email: string | null;
  phone: string | null;
  totalPrice: string;
  currency: string | null;
  lineItems: Prisma.InputJsonValue;
  completedAt: Date | null;
  shopifyUpdatedAt: Date;
};

export async function upsertCheckout(tx: Tx, shop: string, c: CheckoutInput): Promise<void> {
  const existing = await tx.checkout.findUnique({ where: { shop_token: { shop, token: c.token } } });
  if (existing?.redactedAt) return;
  if (existing && existing.shopifyUpdatedAt > c.shopifyUpdatedAt) return;
  await tx.checkout.upsert({ where: { shop_token: { shop, token: c.token } }, create: { shop, ...c }, update: c });
}
