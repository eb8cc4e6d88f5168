import type { Tx } from "../db.server";
import { addOrderToCustomer, ensureCustomer, linkOrderToCheckout, upsertOrder, type CustomerInput, type OrderInput } from "../models/commerce.server";
import { creditOrderToLearning } from "./learning.server";
import { requestOfferRedemption } from "./offer-redemption.server";

/** An order as either path that brings one knows it: an orders webhook or the Admin API backfill. */
export type OrderFacts = {
  order: OrderInput;
  /** The customer the order names, to create if we do not hold them yet. */
  customer: CustomerInput | null;
  checkoutToken: string | null;
  /** Whether the order may carry one of our signed offers (then it is checked, once). */
  mayCarryOffer: boolean;
};

/**
 * Stores an order and, the first time we see it, everything that follows from a new order: the
 * customer's counters, the learning credit, the checkout link and the offer check. Webhooks and the
 * backfill both come through here, so whichever arrives first does this once and the other only
 * updates the row; returns whether the order was new.
 */
export async function recordOrder(tx: Tx, shop: string, facts: OrderFacts): Promise<boolean> {
  const { order } = facts;
  const isNew = await upsertOrder(tx, shop, order);
  if (!isNew) return false;
  if (order.customerGid) {
    if (facts.customer) await ensureCustomer(tx, shop, facts.customer);
    await addOrderToCustomer(tx, shop, order.customerGid, order.totalPrice);
    const subtotalMinor = Math.round(Number(order.subtotalPrice ?? order.totalPrice) * 100);
    await creditOrderToLearning(tx, shop, { customerGid: order.customerGid, subtotalMinor, createdAt: order.shopifyCreatedAt });
  }
  if (facts.checkoutToken) await linkOrderToCheckout(tx, shop, order.shopifyGid, facts.checkoutToken);
  if (facts.mayCarryOffer) await requestOfferRedemption(tx, shop, order.shopifyGid);
  return true;
}
