import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { orderPayload } from "../../app/jobs/webhooks/payloads";
import type { OrderAmounts } from "../../app/models/outcomes.server";
import { orderValue } from "../../app/services/experiments.server";

// Profit per visitor is refund-adjusted: a partial refund counts what orders/updated says the shop
// kept (current_subtotal_price), not a guess.

const order = (o: Partial<OrderAmounts>): OrderAmounts => ({
  orderGid: "gid://shopify/Order/1",
  customerGid: "gid://shopify/Customer/1",
  createdAt: new Date("2026-11-23T10:00:00Z"),
  totalPrice: 110,
  subtotalPrice: 100,
  totalDiscounts: 10,
  currentSubtotalPrice: null,
  financialStatus: "paid",
  cancelledAt: null,
  ...o,
});

describe("refund-adjusted order value", () => {
  it("a partial refund counts the amount orders/updated reports", () => {
    const v = orderValue(order({ financialStatus: "partially_refunded", currentSubtotalPrice: 70 }), 0.4);
    expect(v.refundedMinor).toBe(3_000);
    // margin = net − refunded − cost (cost on the gross: (100 + 10) × 0.4)
    expect(v.marginMinor).toBe(10_000 - 3_000 - 4_400);
  });

  it("falls back to half the net for rows stored without the current subtotal; full refunds give everything back", () => {
    expect(orderValue(order({ financialStatus: "partially_refunded" }), 0).refundedMinor).toBe(5_000);
    expect(orderValue(order({ financialStatus: "refunded", currentSubtotalPrice: 0 }), 0.4)).toMatchObject({ refundedMinor: 10_000, costMinor: 0, marginMinor: 0 });
    expect(orderValue(order({ currentSubtotalPrice: 100 }), 0).refundedMinor).toBe(0);
    // A current subtotal above the subtotal (an edit that added items) never counts as a negative refund.
    expect(orderValue(order({ currentSubtotalPrice: 120 }), 0).refundedMinor).toBe(0);
  });

  it("reads current_subtotal_price from Shopify's order payload", () => {
    const sample = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks/orders/create.json"), "utf8")) as { payload?: unknown };
    const parsed = orderPayload.parse(sample.payload ?? sample);
    expect(typeof parsed.current_subtotal_price).toBe("string");
    expect(Number(parsed.current_subtotal_price)).toBeGreaterThanOrEqual(0);
  });
});
