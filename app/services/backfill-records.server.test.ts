import { describe, expect, it } from "vitest";
import { CUSTOMERS_EXPORT, customerFromBulk, exportKind, orderFromBulk, ORDERS_EXPORT } from "./backfill-records.server";

// Exported lines as Shopify writes them for the two backfill queries (one JSON object per line,
// line items on their own lines with __parentId).

const customer = {
  id: "gid://shopify/Customer/7352140001234",
  firstName: "Ada",
  lastName: "Lovelace",
  state: "ENABLED",
  tags: ["vip", "newsletter"],
  defaultEmailAddress: { emailAddress: "ada@example.com" },
  defaultPhoneNumber: null,
  amountSpent: { currencyCode: "EUR" },
  createdAt: "2025-01-02T03:04:05Z",
  updatedAt: "2026-02-03T04:05:06Z",
};

const ORDER_ID = "gid://shopify/Order/5640310009876";
const order = {
  id: ORDER_ID,
  name: "#1042",
  email: "ada@example.com",
  createdAt: "2026-03-01T10:00:00Z",
  updatedAt: "2026-03-05T10:00:00Z",
  cancelledAt: null,
  displayFinancialStatus: "PARTIALLY_REFUNDED",
  checkoutToken: "abc123",
  customer: { id: customer.id },
  totalPriceSet: { shopMoney: { amount: "107.00", currencyCode: "EUR" } },
  subtotalPriceSet: { shopMoney: { amount: "100.0" } },
  currentSubtotalPriceSet: { shopMoney: { amount: "60.0" } },
  totalDiscountsSet: { shopMoney: { amount: "0.0" } },
  metafield: { id: "gid://shopify/Metafield/31204560000001" },
};
const lineItem = (n: number, productType: string | null) => ({
  id: `gid://shopify/LineItem/${n}`,
  title: `Item ${n}`,
  quantity: n,
  sku: `SKU-${n}`,
  originalUnitPriceSet: { shopMoney: { amount: "20.0" } },
  variant: { id: `gid://shopify/ProductVariant/${n}00` },
  product: { id: `gid://shopify/Product/${n}0`, productType },
  __parentId: ORDER_ID,
});

describe("exportKind", () => {
  it("tells the two exports apart by the query Shopify echoes back", () => {
    expect(exportKind(CUSTOMERS_EXPORT)).toBe("customers");
    expect(exportKind(ORDERS_EXPORT)).toBe("orders");
    expect(exportKind("{ products { edges { node { id } } } }")).toBeNull();
  });
});

describe("customerFromBulk", () => {
  it("maps an exported customer to the row customers/create would write", () => {
    expect(customerFromBulk(customer)).toEqual({
      shopifyGid: customer.id,
      email: "ada@example.com",
      phone: null,
      firstName: "Ada",
      lastName: "Lovelace",
      state: "enabled",
      tags: ["vip", "newsletter"],
      currency: "EUR",
      shopifyCreatedAt: new Date("2025-01-02T03:04:05Z"),
      shopifyUpdatedAt: new Date("2026-02-03T04:05:06Z"),
    });
  });

  it("refuses a line that is not a customer", () => {
    expect(() => customerFromBulk({ ...customer, id: ORDER_ID })).toThrow();
    expect(() => customerFromBulk({ ...customer, updatedAt: "yesterday" })).toThrow(/not a date/);
  });
});

describe("orderFromBulk", () => {
  it("maps an order and its line items to what the orders webhooks store", () => {
    const facts = orderFromBulk({ node: order, children: [lineItem(1, "Shoes"), lineItem(2, "")] });
    expect(facts.order).toMatchObject({
      shopifyGid: ORDER_ID,
      name: "#1042",
      customerGid: customer.id,
      currency: "EUR",
      totalPrice: "107.00",
      subtotalPrice: "100.0",
      currentSubtotalPrice: "60.0",
      totalDiscounts: "0.0",
      financialStatus: "partially_refunded",
      cancelledAt: null,
      shopifyCreatedAt: new Date("2026-03-01T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-03-05T10:00:00Z"),
    });
    expect(facts.order.lineItems).toEqual([
      { id: "gid://shopify/LineItem/1", variantId: "100", productId: "10", title: "Item 1", quantity: 1, price: "20.0", sku: "SKU-1", productType: "Shoes" },
      { id: "gid://shopify/LineItem/2", variantId: "200", productId: "20", title: "Item 2", quantity: 2, price: "20.0", sku: "SKU-2", productType: null },
    ]);
    expect(facts).toMatchObject({ checkoutToken: "abc123", mayCarryOffer: true, customer: { shopifyGid: customer.id, currency: "EUR", email: null } });
  });

  it("a guest order without an offer names no customer and needs no offer check", () => {
    const facts = orderFromBulk({ node: { ...order, customer: null, metafield: null, checkoutToken: null }, children: [] });
    expect(facts).toMatchObject({ customer: null, checkoutToken: null, mayCarryOffer: false, order: { customerGid: null, lineItems: [] } });
  });

  it("keeps only the order's own line items", () => {
    const stray = { ...lineItem(3, "Hats"), __parentId: "gid://shopify/Order/1" };
    expect(orderFromBulk({ node: order, children: [lineItem(1, "Shoes"), stray] }).order.lineItems).toHaveLength(1);
  });
});
