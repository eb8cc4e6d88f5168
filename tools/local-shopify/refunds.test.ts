import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestShopify, type TestShopify } from "./testing";
import { buildPayload } from "./webhooks";

let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify();
});
afterAll(() => shopify.local.close());

const ORDER = `query($id: ID!) { order(id: $id) { displayFinancialStatus currentSubtotalPriceSet { shopMoney { amount } } totalRefundedSet { shopMoney { amount } } } }`;

describe("refunds", () => {
  it("refund line items come off the current subtotal, the same in the Admin API and the order webhooks", async () => {
    const { store } = shopify;
    const order = store.orders.find((o) => o.financialStatus === "PAID" && o.lineItems.some((l) => l.quantity >= 2))!;
    const line = order.lineItems.find((l) => l.quantity >= 2)!;
    const refund = store.refundOrder(order.id, [{ lineItemId: line.id, quantity: 1 }], "2026-11-02T10:00:00Z", "damaged");
    expect(refund.lines).toEqual([expect.objectContaining({ lineItemId: line.id, quantity: 1, subtotal: line.price })]);
    expect(order).toMatchObject({ financialStatus: "PARTIALLY_REFUNDED", updatedAt: "2026-11-02T10:00:00Z" });

    const kept = (Number(order.subtotalPrice) - Number(line.price)).toFixed(2);
    const { body } = await shopify.gql(ORDER, { id: order.id });
    expect(body.data.order).toEqual({
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      currentSubtotalPriceSet: { shopMoney: { amount: kept } },
      totalRefundedSet: { shopMoney: { amount: refund.amount } },
    });
    const updated = buildPayload("orders/updated", order, { shop: store.domain });
    expect(updated.current_subtotal_price).toBe(kept);

    const payload = buildPayload("refunds/create", { refund, order }, { shop: store.domain });
    expect(payload).toMatchObject({ admin_graphql_api_id: refund.id, note: "damaged", refund_line_items: [{ quantity: 1, subtotal: Number(line.price) }] });
  });

  it("refuses to refund more units than the line has left", () => {
    const { store } = shopify;
    const order = store.orders.find((o) => o.financialStatus === "PAID" && o.lineItems.length > 0 && o.lineItems[0]!.quantity === 1)!;
    const line = order.lineItems[0]!;
    store.refundOrder(order.id, [{ lineItemId: line.id, quantity: 1 }], "2026-11-02T11:00:00Z");
    expect(() => store.refundOrder(order.id, [{ lineItemId: line.id, quantity: 1 }], "2026-11-02T12:00:00Z")).toThrow(/0 left/);
  });
});
