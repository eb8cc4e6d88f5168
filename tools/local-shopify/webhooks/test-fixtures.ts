import type { BulkOperation, Cart, Checkout, Customer, Order, Refund, ShopInfo } from "../model";

// Model objects for the webhook tests. Ids above 2^53 on purpose: they must reach the JSON exactly.

export const shop: ShopInfo = {
  id: "gid://shopify/Shop/548380009",
  name: "Uplift Demo",
  myshopifyDomain: "uplift-demo.myshopify.com",
  email: "owner@uplift-demo.example",
  currencyCode: "USD",
  ianaTimezone: "America/New_York",
  plan: "SHOPIFY",
};

export const customer: Customer = {
  id: "gid://shopify/Customer/706405506930370084",
  email: "bob@example.com",
  firstName: "Bob",
  lastName: "Biller",
  phone: "+16135550100",
  state: "ENABLED",
  tags: ["vip"],
  countryCode: "CA",
  createdAt: "2026-07-01T12:00:00.000Z",
  updatedAt: "2026-07-02T12:00:00.000Z",
};

export const order: Order = {
  id: "gid://shopify/Order/820982911946154508",
  name: "#1001",
  number: 1001,
  customerId: customer.id,
  email: customer.email,
  currency: "USD",
  lineItems: [
    {
      id: "gid://shopify/LineItem/487817672276298554",
      variantId: "gid://shopify/ProductVariant/704912205188288575",
      productId: "gid://shopify/Product/788032119674292922",
      title: "Aviator sunglasses",
      sku: "SKU2006-001",
      quantity: 2,
      price: "89.99",
    },
  ],
  subtotalPrice: "179.98",
  totalDiscounts: "0.00",
  totalShipping: "10.00",
  totalTax: "0.00",
  totalPrice: "189.98",
  financialStatus: "PAID",
  totalRefunded: "0.00",
  cancelledAt: null,
  createdAt: "2026-07-03T10:00:00.000Z",
  updatedAt: "2026-07-03T10:05:00.000Z",
  processedAt: "2026-07-03T10:00:00.000Z",
};

const line = {
  variantId: "gid://shopify/ProductVariant/704912205188288575",
  productId: "gid://shopify/Product/788032119674292922",
  title: "Aviator sunglasses",
  sku: "SKU2006-001",
  quantity: 3,
  price: "19.99",
};

export const cart: Cart = {
  token: "c1-7a3b9e2f",
  lines: [line],
  createdAt: "2026-07-03T09:00:00.000Z",
  updatedAt: "2026-07-03T09:01:00.000Z",
};

export const checkout: Checkout = {
  token: "4f1c2d3e5a6b7c8d",
  cartToken: cart.token,
  customerId: customer.id,
  email: customer.email,
  lines: [line],
  currency: "USD",
  createdAt: "2026-07-03T09:02:00.000Z",
  updatedAt: "2026-07-03T09:03:00.000Z",
  completedAt: null,
};

export const refund: Refund = {
  id: "gid://shopify/Refund/890088186047892319",
  orderId: order.id,
  note: null,
  lines: [{ id: "gid://shopify/RefundLineItem/487817672276298601", lineItemId: order.lineItems[0]!.id, quantity: 1, subtotal: "89.99", totalTax: "0.00" }],
  amount: "89.99",
  transactionId: "gid://shopify/OrderTransaction/245135271310201194",
  createdAt: "2026-07-05T12:00:00.000Z",
};

export const bulkOperation: BulkOperation = {
  id: "gid://shopify/BulkOperation/720918",
  status: "COMPLETED",
  type: "QUERY",
  query: "{ customers { edges { node { id } } } }",
  errorCode: null,
  createdAt: "2026-07-05T12:00:00Z",
  completedAt: "2026-07-05T12:00:03Z",
  objectCount: 3,
  rootObjectCount: 3,
  fileSize: 120,
};
