import { describe, expect, it } from "vitest";
import { headroomWaitMs, tierTag, writeBackMetafields } from "./shopify-customer-writeback.server";

const cost = (currentlyAvailable: number, maximumAvailable = 2000, restoreRate = 100) => ({ requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate } });

describe("score write-back", () => {
  it("waits only when the shop's bucket is below half, for as long as it takes to refill to half", () => {
    expect(headroomWaitMs(null)).toBe(0);
    expect(headroomWaitMs(cost(1500))).toBe(0);
    expect(headroomWaitMs(cost(1000))).toBe(0);
    expect(headroomWaitMs(cost(900))).toBe(1000);
    expect(headroomWaitMs(cost(0, 1000, 50))).toBe(10_000);
  });

  it("writes four typed $app metafields and one tier tag per customer", () => {
    const fields = writeBackMetafields({
      customerGid: "gid://shopify/Customer/1",
      email: "a@example.com",
      firstName: null,
      lastName: null,
      fields: { predictedClv: 412.5, currency: "USD", tier: "gold", churnRisk: 0.1234, nextBestAction: "loyalty_invite", reasoning: "r", scoredAt: "2026-11-20T00:00:00Z" },
    });
    expect(fields.map((f) => [f.key, f.type, f.value])).toEqual([
      ["predicted_clv", "number_decimal", "412.50"],
      ["tier", "single_line_text_field", "gold"],
      ["churn_risk", "number_decimal", "0.123"],
      ["next_best_action", "single_line_text_field", "loyalty_invite"],
    ]);
    expect(fields.every((f) => f.namespace === "$app" && f.ownerId === "gid://shopify/Customer/1")).toBe(true);
    expect(tierTag("gold")).toBe("uplift-tier-gold");
  });
});
