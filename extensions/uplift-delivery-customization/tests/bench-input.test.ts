// bench-input.json feeds another benchmark; if it stopped exercising the treatment arm the
// benchmark would measure the no-op path without anyone noticing.
import { describe, expect, it } from "vitest";
import { planDelivery } from "../src/plan-delivery";
import { loadBenchInput } from "./fixtures";

describe("bench-input.json", () => {
  const input = loadBenchInput() as { cart: { lines: unknown[]; deliveryGroups: Array<{ deliveryOptions: unknown[] }> } };

  it("is a 200-line cart with 3 delivery groups of 5 options, under Shopify's 128 kB input limit", () => {
    expect(input.cart.lines).toHaveLength(200);
    expect(input.cart.deliveryGroups.map((g) => g.deliveryOptions.length)).toEqual([5, 5, 5]);
    expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(128000);
  });

  it("puts its logged-in buyer in the treatment arm by hash and changes every group", () => {
    const decision = planDelivery(input);
    expect(decision.assignment).toMatchObject({ source: "hash", arm: { name: "treatment" } });
    expect(decision.reason).toBe("applied");
    expect(decision.skippedGroups).toBe(0);
    // Per group: rename Express, move Pickup point, hide Overnight, restate the cheapest on top.
    expect(decision.operations).toHaveLength(12);
  });
});
