import type { Prisma } from "@prisma/client";
import type { Tx } from "../../db.server";
import {
  addOrderToCustomer,
  ensureCustomer,
  type CustomerInput,
  upsertCart,
  upsertCheckout,
  upsertCustomer,
  upsertOrder,
} from "../../models/commerce.server";
import { eraseShop, exportCustomer, redactCustomer, type CustomerRef } from "../../models/privacy.server";
import { markShopUninstalled, updateShopScopes } from "../../models/shop.server";
import { recordAudit } from "../../models/audit.server";
import { creditOrderToLearning } from "../../services/learning.server";
import { requestOfferRedemption, usedOurDiscount } from "../../services/offer-redemption.server";
import { cartPayload, checkoutPayload, customerPayload, orderPayload, tagList } from "./payloads";
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
  const customerGid = o.customer?.admin_graphql_api_id ?? null;
  const isNew = await upsertOrder(tx, shop, {
    shopifyGid: o.admin_graphql_api_id,
    name: o.name,
    customerGid,
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
  });
  if (isNew && customerGid) {
    const embedded = customerPayload.safeParse(o.customer);
    if (embedded.success) await ensureCustomer(tx, shop, customerInput(embedded.data));
    await addOrderToCustomer(tx, shop, customerGid, o.total_price);
    const subtotal = Math.round(Number(o.subtotal_price ?? o.total_price) * 100);
    await creditOrderToLearning(tx, shop, { customerGid, subtotalMinor: subtotal, createdAt: new Date(o.created_at) });
  }
  if (isNew) await attributeOrder(tx, shop, o);
}

/** Links the order to the checkout it came from (the anonymous unit) and checks any offer it used. */
async function attributeOrder(tx: Tx, shop: string, o: z.infer<typeof orderPayload>) {
  if (o.checkout_token) {
    const unitId = `checkout:${o.checkout_token}`;
    const orderGid = o.admin_graphql_api_id;
    await tx.orderUnit.upsert({ where: { shop_orderGid_unitId: { shop, orderGid, unitId } }, create: { shop, orderGid, unitId, source: "checkout_token" }, update: {} });
  }
  if (usedOurDiscount(o.discount_applications)) await requestOfferRedemption(tx, shop, o.admin_graphql_api_id);
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
  "carts/create": onCart,
  "carts/update": onCart,
  "checkouts/create": onCheckout,
  "checkouts/update": onCheckout,
  "customers/redact": onCustomersRedact,
  "customers/data_request": onCustomersDataRequest,
};
