import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { childrenOf, gidType, type BulkObject, type BulkRecord } from "../lib/bulk-jsonl";
import type { CustomerInput } from "../models/commerce.server";
import type { OrderFacts } from "./record-order.server";

// What the backfill asks Shopify for, and how each exported line becomes the same rows the webhooks
// write. A bulk query may have one top-level connection, so customers and orders are two exports.
// Customer counters (ordersCount, amountSpent) are not copied from Shopify's numberOfOrders and
// amountSpent: they are built from the orders we store, by the order path itself, and copying the
// lifetime figures as well would count every imported order twice.

export type ExportKind = "customers" | "orders";

export const CUSTOMERS_EXPORT = `#graphql
  query UpliftBackfillCustomers {
    customers {
      edges {
        node {
          id
          firstName
          lastName
          state
          tags
          defaultEmailAddress { emailAddress }
          defaultPhoneNumber { phoneNumber }
          amountSpent { currencyCode }
          createdAt
          updatedAt
        }
      }
    }
  }`;

// Line items are the only nested connection (the limit is five, two levels deep). Product type is
// what scoring reads as a customer's top category. The order metafield holds an accepted offer,
// copied from the cart: an order with one is checked like one that arrived by webhook.
export const ORDERS_EXPORT = `#graphql
  query UpliftBackfillOrders {
    orders {
      edges {
        node {
          id
          name
          email
          createdAt
          updatedAt
          cancelledAt
          displayFinancialStatus
          checkoutToken
          customer { id }
          totalPriceSet { shopMoney { amount currencyCode } }
          subtotalPriceSet { shopMoney { amount } }
          currentSubtotalPriceSet { shopMoney { amount } }
          totalDiscountsSet { shopMoney { amount } }
          metafield(namespace: "$app", key: "offer") { id }
          lineItems {
            edges {
              node {
                id
                title
                quantity
                sku
                originalUnitPriceSet { shopMoney { amount } }
                variant { id }
                product { id productType }
              }
            }
          }
        }
      }
    }
  }`;

export const EXPORTS: Record<ExportKind, { query: string; groupObjects: boolean }> = {
  customers: { query: CUSTOMERS_EXPORT, groupObjects: false },
  // Grouped, so each order's line items follow it and the file can be read one order at a time.
  orders: { query: ORDERS_EXPORT, groupObjects: true },
};

/** Which export a bulk operation is, from the query Shopify echoes back: its one top-level field. */
export function exportKind(query: string): ExportKind | null {
  const body = query.replace(/#[^\n]*/g, "");
  const root = /\{\s*([A-Za-z_]\w*)/.exec(body)?.[1];
  return root === "customers" || root === "orders" ? root : null;
}

const isoDate = z.string().transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a date: ${v}` });
    return z.NEVER;
  }
  return d;
});
const text = z.string().nullable().optional().transform((v) => v ?? null);
const shopMoney = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string().optional() }) });

const customerLine = z.object({
  id: z.string().startsWith("gid://shopify/Customer/"),
  firstName: text,
  lastName: text,
  state: text,
  tags: z.array(z.string()).default([]),
  defaultEmailAddress: z.object({ emailAddress: text }).nullable().optional(),
  defaultPhoneNumber: z.object({ phoneNumber: text }).nullable().optional(),
  amountSpent: z.object({ currencyCode: z.string() }).nullable().optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

const orderLine = z.object({
  id: z.string().startsWith("gid://shopify/Order/"),
  name: text,
  email: text,
  createdAt: isoDate,
  updatedAt: isoDate,
  cancelledAt: isoDate.nullable().optional().transform((v) => v ?? null),
  displayFinancialStatus: text,
  checkoutToken: text,
  customer: z.object({ id: z.string() }).nullable().optional(),
  totalPriceSet: z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) }),
  subtotalPriceSet: shopMoney.nullable().optional(),
  currentSubtotalPriceSet: shopMoney.nullable().optional(),
  totalDiscountsSet: shopMoney.nullable().optional(),
  metafield: z.object({ id: z.string() }).nullable().optional(),
});

const lineItemLine = z.object({
  id: z.string(),
  title: text,
  quantity: z.number().int(),
  sku: text,
  originalUnitPriceSet: shopMoney,
  variant: z.object({ id: z.string() }).nullable().optional(),
  product: z.object({ id: z.string(), productType: z.string().nullable().optional() }).nullable().optional(),
});

/** "gid://shopify/ProductVariant/123" → "123": webhooks store the numeric REST ids. */
const legacyId = (gid: string | undefined) => (gid ? (/\/(\d+)(?:\?.*)?$/.exec(gid)?.[1] ?? gid) : null);

export function customerFromBulk(record: BulkRecord): CustomerInput {
  const c = customerLine.parse(record);
  return {
    shopifyGid: c.id,
    email: c.defaultEmailAddress?.emailAddress ?? null,
    phone: c.defaultPhoneNumber?.phoneNumber ?? null,
    firstName: c.firstName,
    lastName: c.lastName,
    // Webhook payloads spell states in lowercase ("enabled"); GraphQL in uppercase.
    state: c.state?.toLowerCase() ?? null,
    tags: c.tags,
    currency: c.amountSpent?.currencyCode ?? null,
    shopifyCreatedAt: c.createdAt,
    shopifyUpdatedAt: c.updatedAt,
  };
}

/** An exported order with its line items, as the orders webhooks would have stored it. */
export function orderFromBulk(object: BulkObject): OrderFacts {
  const o = orderLine.parse(object.node);
  const lines = childrenOf(object, o.id)
    .filter((c) => gidType(c.id) === "LineItem")
    .map((c) => {
      const l = lineItemLine.parse(c);
      // The webhooks' line item shape (payloads.ts), plus the product type scoring reads.
      return {
        id: l.id,
        variantId: legacyId(l.variant?.id),
        productId: legacyId(l.product?.id),
        title: l.title,
        quantity: l.quantity,
        price: l.originalUnitPriceSet.shopMoney.amount,
        sku: l.sku,
        productType: l.product?.productType || null,
      };
    });
  const currency = o.totalPriceSet.shopMoney.currencyCode;
  const customerGid = o.customer?.id ?? null;
  return {
    order: {
      shopifyGid: o.id,
      name: o.name,
      customerGid,
      email: o.email,
      currency,
      totalPrice: o.totalPriceSet.shopMoney.amount,
      subtotalPrice: o.subtotalPriceSet?.shopMoney.amount ?? null,
      totalDiscounts: o.totalDiscountsSet?.shopMoney.amount ?? null,
      currentSubtotalPrice: o.currentSubtotalPriceSet?.shopMoney.amount ?? null,
      financialStatus: o.displayFinancialStatus?.toLowerCase() ?? null,
      cancelledAt: o.cancelledAt,
      lineItems: lines as Prisma.InputJsonValue,
      shopifyCreatedAt: o.createdAt,
      shopifyUpdatedAt: o.updatedAt,
    },
    // Customers are exported first, so this row exists unless the customer signed up in between.
    customer: customerGid
      ? { shopifyGid: customerGid, email: null, phone: null, firstName: null, lastName: null, state: null, currency, shopifyCreatedAt: null, shopifyUpdatedAt: null }
      : null,
    checkoutToken: o.checkoutToken,
    mayCarryOffer: Boolean(o.metafield),
  };
}
