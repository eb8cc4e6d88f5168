import { Prisma } from "@prisma/client";
import type { Tx } from "../../db.server";
import { applyRefund, type CustomerInput, upsertCart, upsertCheckout, upsertCustomer } from "../../models/commerce.server";
import { eraseShop, exportCustomer, redactCustomer, type CustomerRef } from "../../models/privacy.server";
import { markShopUninstalled, updateShopScopes } from "../../models/shop.server";
import { recordAudit } from "../../models/audit.server";
import { bulkOperationFinished } from "../../services/backfill.server";
import { recordCustomizationExposures } from "../../services/customization-exposures.server";
import { usedOurDiscount } from "../../services/offer-redemption.server";
import { recordOrder } from "../../services/record-order.server";
import { bulkOperationFinishPayload, cartPayload, checkoutPayload, customerPayload, orderPayload, refundPayload, tagList } from "./payloads";
import { z } from "zod";

export type HandlerContext = { tx: Tx; shop: string; eventRowId: string; payload: unknown };
type Handler = (ctx: HandlerContext) => Promise<void>;

const json = (v: unknown) => v as Prisma.InputJsonValue;

function customerInput(c: z.infer<typeof customerPayload>): CustomerInput {
  return {
    shopifyGid: c.admin_graphql_api_id,
    email: c.email,
    phone: c.phone,
    firstName: c.first_name,
    lastName: c.last_name,
    state: c.state,
    // Customer webhooks stopped carrying tags in 2025-01: absent means unknown, not empty.
    tags: c.tags === undefined ? undefined : tagList(c.tags),
    currency: c.currency,
    shopifyCreatedAt: c.created_at,
    shopifyUpdatedAt: c.updated_at,
  };
}

async function onCustomer({ tx, shop, payload }: HandlerContext) {
  await upsertCustomer(tx, shop, customerInput(customerPayload.parse(payload)));
}

async function onOrder({ tx, shop, payload }: HandlerContext, paid = false) {
  const o = orderPayload.parse(payload);
  const embedded = o.customer ? customerPayload.safeParse(o.customer) : null;
  await recordOrder(tx, shop, {
    order: {
      shopifyGid: o.admin_graphql_api_id,
      name: o.name,
      customerGid: o.customer?.admin_graphql_api_id ?? null,
      email: o.email,
      currency: o.currency,
      totalPrice: o.total_price,
      subtotalPrice: o.subtotal_price ?? null,
      totalDiscounts: o.total_discounts ?? null,
      currentSubtotalPrice: o.current_subtotal_price ?? null,
      financialStatus: o.financial_status,
      cancelledAt: o.cancelled_at,
      lineItems: json(o.line_items),
      ...(paid ? { paidAt: o.updated_at } : {}),
      shopifyCreatedAt: o.created_at,
      shopifyUpdatedAt: o.updated_at,
    },
    customer: embedded?.success ? customerInput(embedded.data) : null,
    checkoutToken: o.checkout_token ?? null,
    mayCarryOffer: usedOurDiscount(o.discount_applications),
  });
}

/**
 * refunds/create: what we keep is the merchandise refunded, the sum of the refund line items'
 * subtotals (after their discounts), taken off the order's current subtotal. The payload's
 * transactions are money moved (they include shipping, tax and refunds to gift cards) and are not
 * what current_subtotal_price tracks; shipping refunds and order adjustments leave it unchanged too.
 * The financial status stays as orders/updated reports it (Shopify sends one after a refund).
 */
async function onRefund({ tx, shop, payload }: HandlerContext) {
  const r = refundPayload.parse(payload);
  const refundedSubtotal = r.refund_line_items.reduce((sum, l) => sum.plus(l.subtotal_set?.shop_money.amount ?? l.subtotal ?? "0"), new Prisma.Decimal(0));
  await applyRefund(tx, shop, { orderGid: `gid://shopify/Order/${r.order_id}`, refundedSubtotal: refundedSubtotal.toFixed(2), refundedAt: r.created_at });
}

async function onBulkOperationFinish({ tx, shop, payload }: HandlerContext) {
  const p = bulkOperationFinishPayload.parse(payload);
  await bulkOperationFinished(tx, shop, { operationId: p.admin_graphql_api_id, type: p.type, status: p.status });
}

async function onCart({ tx, shop, payload }: HandlerContext) {
  const c = cartPayload.parse(payload);
  const lines = c.line_items;
  const total = lines.reduce((sum, l) => sum + Number(l.price ?? 0) * l.quantity, 0);
  await upsertCart(tx, shop, {
    token: c.token ?? c.id,
    lineItems: json(lines),
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    totalPrice: total.toFixed(2),
    currency: null,
    shopifyUpdatedAt: c.updated_at,
  });
}

async function onCheckout({ tx, shop, payload }: HandlerContext) {
  const c = checkoutPayload.parse(payload);
  await upsertCheckout(tx, shop, {
    token: c.token,
    cartToken: c.cart_token,
    customerGid: c.customer?.admin_graphql_api_id ?? null,
    email: c.email,
    phone: c.phone,
    totalPrice: c.total_price,
    currency: c.currency,
    lineItems: json(c.line_items),
    completedAt: c.completed_at,
    shopifyUpdatedAt: c.updated_at,
  });
  await recordCustomizationExposures(tx, shop, c.customer?.admin_graphql_api_id ?? null, c.updated_at);
}

const compliancePayload = z.object({
  customer: z.object({
    id: z.union([z.string(), z.number()]).transform(String),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
  }),
  orders_to_redact: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  orders_requested: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  data_request: z.object({ id: z.union([z.string(), z.number()]).transform(String) }).optional(),
});

function customerRef(p: z.infer<typeof compliancePayload>): CustomerRef {
  const orderIds = p.orders_to_redact ?? p.orders_requested ?? [];
  return {
    gid: `gid://shopify/Customer/${p.customer.id}`,
    email: p.customer.email ?? null,
    phone: p.customer.phone ?? null,
    orderGids: orderIds.map((id) => `gid://shopify/Order/${id}`),
  };
}

async function onCustomersRedact({ tx, shop, payload, eventRowId }: HandlerContext) {
  const ref = customerRef(compliancePayload.parse(payload));
  await redactCustomer(tx, shop, ref, eventRowId);
  await recordAudit(tx, { shop, event: "privacy.customer_redacted", actor: "system", entity: ref.gid });
}

async function onCustomersDataRequest({ tx, shop, payload, eventRowId }: HandlerContext) {
  const p = compliancePayload.parse(payload);
  const ref = customerRef(p);
  await exportCustomer(tx, shop, ref, p.data_request?.id ?? eventRowId);
  await recordAudit(tx, { shop, event: "privacy.customer_data_exported", actor: "system", entity: ref.gid });
}

async function onShopErase({ tx, shop, eventRowId }: HandlerContext) {
  await eraseShop(tx, shop, eventRowId);
  await markShopUninstalled(tx, shop);
}

const scopesPayload = z.object({ current: z.array(z.string()).default([]) }).passthrough();

async function onScopesUpdate({ tx, shop, payload }: HandlerContext) {
  const p = scopesPayload.parse(payload);
  await updateShopScopes(tx, shop, p.current.join(","));
}

export const handlers: Record<string, Handler> = {
  "app/uninstalled": onShopErase,
  "shop/redact": onShopErase,
  "app/scopes_update": onScopesUpdate,
  "customers/create": onCustomer,
  "customers/update": onCustomer,
  "orders/create": (ctx) => onOrder(ctx),
  "orders/updated": (ctx) => onOrder(ctx),
  "orders/paid": (ctx) => onOrder(ctx, true),
  "refunds/create": onRefund,
  "bulk_operations/finish": onBulkOperationFinish,
  "carts/create": onCart,
  "carts/update": onCart,
  "checkouts/create": onCheckout,
  "checkouts/update": onCheckout,
  "customers/redact": onCustomersRedact,
  "customers/data_request": onCustomersDataRequest,
};
