import { describe, expect, it } from "vitest";
import { MAX_OUTPUT_BYTES } from "../../shared/src/experiment/output-budget";
import { planDelivery } from "../src/plan-delivery";

describe("planDelivery under the output budget", () => {
  // 12 groups × 5 options, each renamed to a 255-character, 3-bytes-a-character title: ~4.3 kB a
  // group, far more than 20 kB in all.
  const groups = Array.from({ length: 12 }, (_, g) => ({
    deliveryOptions: Array.from({ length: 5 }, (_, k) => ({ handle: `g${g}-o${k}`, title: `Option ${k}`, cost: { amount: String(k + 1) } })),
  }));
  const config = {
    v: 1,
    experiment: "long-titles",
    hashVersion: 1,
    arms: [{ name: "treatment", weight: 1, ops: [{ op: "rename", match: { titleContains: "Option" }, title: "Option " + "€".repeat(248) }] }],
  };
  const input = { cart: { arms: { jsonValue: { "long-titles": "treatment" } }, deliveryGroups: groups }, deliveryCustomization: { metafield: { jsonValue: config } } };

  it("keeps whole groups until the budget is spent and leaves the rest untouched", () => {
    const decision = planDelivery(input);
    const json = JSON.stringify({ operations: decision.operations });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES + 20);
    expect(decision.skippedGroups).toBeGreaterThan(0);
    const touched = new Set(decision.operations.map((op) => ("deliveryOptionRename" in op ? op.deliveryOptionRename.deliveryOptionHandle.split("-")[0] : "")));
    // Every touched group has all four renames (its cheapest, "Option 0", keeps its title): none
    // was cut in the middle.
    for (const group of touched) {
      expect(decision.operations.filter((op) => "deliveryOptionRename" in op && op.deliveryOptionRename.deliveryOptionHandle.startsWith(group + "-"))).toHaveLength(4);
    }
    expect(touched.size + decision.skippedGroups).toBe(12);
  });
});
