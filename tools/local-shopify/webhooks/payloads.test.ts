import { describe, expect, it } from "vitest";
import { buildDelivery } from "./delivery";
import { buildPayload, serializePayload, WEBHOOK_TOPICS, type TopicResources, type WebhookTopic } from "./payloads";
import { hasReference, referenceJson } from "./reference";
import { shapeDifferences } from "./shape";
import { loadSubscriptions } from "./subscriptions";
import { bulkOperation, cart, checkout, customer, order, refund, shop } from "./test-fixtures";

const ctx = { shop: shop.myshopifyDomain, timeZone: shop.ianaTimezone, currency: "USD" };

const resources: TopicResources = {
  "app/uninstalled": shop,
  "app/scopes_update": { shop, previous: ["read_products"], current: ["read_products", "read_orders"] },
  "orders/create": { order, customer },
  "orders/paid": { order, customer },
  "orders/updated": { order, customer },
  "refunds/create": { refund, order },
  "bulk_operations/finish": bulkOperation,
  "carts/create": cart,
  "carts/update": cart,
  "checkouts/create": { checkout, customer },
  "checkouts/update": { checkout, customer },
  "customers/create": customer,
  "customers/update": customer,
  "customers/data_request": { shop, customer, orderIds: [order.id], dataRequestId: "9999" },
  "customers/redact": { shop, customer, orderIds: [order.id] },
  "shop/redact": shop,
};

const body = <T extends WebhookTopic>(topic: T) => serializePayload(buildPayload(topic, resources[topic], ctx));
const parsed = (topic: WebhookTopic) => JSON.parse(body(topic)) as Record<string, unknown>;

// Shopify stores no sample for these two in shared/: orders/updated sends the orders/create object,
// and app/scopes_update follows the 2026-04 reference example.
const SAMPLE_FILE: Record<WebhookTopic, string> = {
  "app/uninstalled": "app/uninstalled.json",
  "app/scopes_update": "",
  "orders/create": "orders/create.json",
  "orders/paid": "orders/paid.json",
  "orders/updated": "orders/create.json",
  "refunds/create": "",
  "bulk_operations/finish": "",
  "carts/create": "carts/create.json",
  "carts/update": "carts/update.json",
  "checkouts/create": "checkouts/create.json",
  "checkouts/update": "checkouts/update.json",
  "customers/create": "customers/create.json",
  "customers/update": "customers/update.json",
  "customers/data_request": "customers/data_request.json",
  "customers/redact": "customers/redact.json",
  "shop/redact": "shop/redact.json",
};

const SCOPES_UPDATE_EXAMPLE = {
  id: 1,
  shop_id: "gid://shopify/Shop/548380009",
  previous: ["read_products"],
  current: ["read_products", "write_products"],
  updated_at: "2024-06-25T00:00:00.000Z",
};

describe("payload builders", () => {
  it("cover exactly the topics shopify.app.toml subscribes to", () => {
    const toml = new URL("../../../shopify.app.toml", import.meta.url).pathname;
    const subscribed = [...loadSubscriptions(toml, "http://127.0.0.1:3000").keys()].sort();
    expect([...WEBHOOK_TOPICS].sort()).toEqual(subscribed);
    expect(subscribed).toHaveLength(16);
  });

  describe.skipIf(!hasReference)("match the key structure of Shopify's samples", () => {
    it.each(WEBHOOK_TOPICS.filter((t) => SAMPLE_FILE[t]))("%s", (topic) => {
      const sample = referenceJson<never>(SAMPLE_FILE[topic]);
      expect(shapeDifferences(sample, parsed(topic) as never)).toEqual([]);
    });
  });

  it("app/scopes_update matches Shopify's documented example", () => {
    expect(shapeDifferences(SCOPES_UPDATE_EXAMPLE, parsed("app/scopes_update") as never)).toEqual([]);
    expect(parsed("app/scopes_update")).toMatchObject({ shop_id: shop.id, previous: ["read_products"], current: ["read_products", "read_orders"] });
  });

  // The keys and types of the refunds/create and bulk_operations/finish examples in Shopify's
  // webhook reference (2026-04), which shared/ does not store; values here are our own.
  const money = { amount: "1.00", currency_code: "USD" };
  const moneySet = { shop_money: money, presentment_money: money };
  const REFUND_EXAMPLE = {
    id: 1, order_id: 2, created_at: "", note: "", user_id: 3, processed_at: "", duties: [], total_duties_set: moneySet, return: null, restock: false,
    refund_shipping_lines: [], admin_graphql_api_id: "", order_adjustments: [],
    refund_line_items: [{ id: 4, quantity: 1, line_item_id: 5, location_id: null, restock_type: "", subtotal: 1.5, total_tax: 0, subtotal_set: moneySet, total_tax_set: moneySet, line_item: null }],
    transactions: [{
      id: 6, order_id: 2, kind: "refund", gateway: "", status: "", message: null, created_at: "", test: false, authorization: null, location_id: null, user_id: null,
      parent_id: null, processed_at: null, device_id: null, error_code: null, source_name: "", receipt: {}, amount: "1.00", currency: null, payment_id: "",
      total_unsettled_set: { presentment_money: { amount: "0.0", currency: "" }, shop_money: { amount: "0.0", currency: "" } }, manual_payment_gateway: false,
      amount_rounding: null, admin_graphql_api_id: "",
    }],
  };
  const FINISH_EXAMPLE = { admin_graphql_api_id: "", completed_at: "", created_at: "", error_code: null, status: "completed", type: "query" };

  it("refunds/create matches Shopify's documented example, with the order only by its numeric id", () => {
    expect(shapeDifferences(REFUND_EXAMPLE, parsed("refunds/create") as never)).toEqual([]);
    const text = body("refunds/create");
    expect(text).toContain('"order_id":820982911946154508');
    expect(parsed("refunds/create")).toMatchObject({
      admin_graphql_api_id: refund.id,
      created_at: "2026-07-05T08:00:00-04:00",
      refund_line_items: [{ quantity: 1, subtotal: 89.99, subtotal_set: { shop_money: { amount: "89.99" } }, line_item: { admin_graphql_api_id: order.lineItems[0]!.id } }],
      transactions: [{ kind: "refund", amount: "89.99" }],
    });
  });

  it("bulk_operations/finish matches Shopify's documented example (lowercase status and type)", () => {
    expect(shapeDifferences(FINISH_EXAMPLE, parsed("bulk_operations/finish") as never)).toEqual([]);
    expect(parsed("bulk_operations/finish")).toEqual({
      admin_graphql_api_id: bulkOperation.id,
      completed_at: bulkOperation.completedAt,
      created_at: bulkOperation.createdAt,
      error_code: null,
      status: "completed",
      type: "query",
    });
  });

  it("the shape check notices a missing key and a wrong type", () => {
    expect(shapeDifferences({ a: 1, b: { c: "x" } }, { a: "1", b: {} })).toEqual(["$.a: expected number, got string", "$.b.c: missing"]);
  });

  it("writes numeric ids exactly, beyond 2^53", () => {
    const text = body("orders/create");
    expect(text).toContain('"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"');
    expect(text).toContain('"id":487817672276298554,"admin_graphql_api_id":"gid://shopify/LineItem/487817672276298554"');
    expect(text).toContain('"product_id":788032119674292922');
    expect(text).toContain('"variant_id":704912205188288575');
    expect(text).toContain('"customer":{"id":706405506930370084,');
    expect(body("customers/redact")).toContain('"orders_to_redact":[820982911946154508]');
    expect(body("customers/data_request")).toContain('"shop_id":548380009');
  });

  it("maps an order's fields the way Shopify serialises them", () => {
    const o = parsed("orders/paid");
    expect(o).toMatchObject({
      admin_graphql_api_id: order.id,
      name: "#1001",
      number: 1,
      order_number: 1001,
      financial_status: "paid",
      currency: "USD",
      total_price: "189.98",
      total_price_set: { shop_money: { amount: "189.98", currency_code: "USD" } },
      subtotal_price: "179.98",
      total_line_items_price: "179.98",
      total_outstanding: "0.00",
      created_at: "2026-07-03T06:00:00-04:00", // New York in July
      cancelled_at: null,
      customer: { admin_graphql_api_id: customer.id, email: customer.email, state: "enabled" },
    });
    const [line] = o.line_items as Record<string, unknown>[];
    expect(line).toMatchObject({ admin_graphql_api_id: order.lineItems[0]?.id, quantity: 2, price: "89.99", sku: "SKU2006-001" });
    expect(o.shipping_lines).toHaveLength(1);
  });

  it("takes refunds off the current totals and reports pending balances as outstanding", () => {
    const refunded = { ...order, financialStatus: "PARTIALLY_REFUNDED" as const, totalRefunded: "50.00" };
    const r = JSON.parse(serializePayload(buildPayload("orders/updated", refunded, ctx))) as Record<string, unknown>;
    expect(r).toMatchObject({ financial_status: "partially_refunded", total_price: "189.98", current_total_price: "139.98" });
    const pending = { ...order, financialStatus: "PENDING" as const, customerId: null };
    const p = JSON.parse(serializePayload(buildPayload("orders/create", pending, ctx))) as Record<string, unknown>;
    expect(p).toMatchObject({ total_outstanding: "189.98", customer: null });
  });

  it("builds carts and checkouts from their lines", () => {
    expect(parsed("carts/update")).toMatchObject({
      id: cart.token,
      token: cart.token,
      updated_at: "2026-07-03T09:01:00.000Z",
      line_items: [{ quantity: 3, price: "19.99", line_price: "59.97" }],
    });
    expect(parsed("checkouts/update")).toMatchObject({
      token: checkout.token,
      cart_token: cart.token,
      total_price: "59.97",
      completed_at: null,
      customer: { admin_graphql_api_id: customer.id },
    });
  });

  it("buildDelivery wraps the body with a fresh event id", () => {
    const a = buildDelivery("customers/create", customer, shop.myshopifyDomain);
    const b = buildDelivery("customers/create", customer, shop.myshopifyDomain);
    expect(a).toMatchObject({ shop: shop.myshopifyDomain, topic: "customers/create" });
    expect(a.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.eventId).not.toBe(b.eventId);
    expect(JSON.parse(a.body)).toMatchObject({ admin_graphql_api_id: customer.id, email: customer.email });
  });
});
