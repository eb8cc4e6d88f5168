// bench-input.json feeds another benchmark; if it stopped exercising the treatment arm the
// benchmark would measure the no-op path without anyone noticing.
import { describe, expect, it } from "vitest";
import { planPayment } from "../src/plan-payment";
import { loadBenchInput } from "./fixtures";

describe("bench-input.json", () => {
  const input = loadBenchInput() as { cart: { lines: unknown[] }; paymentMethods: unknown[] };

  it("is a 200-line cart with 8 payment methods, under Shopify's 128 kB input limit", () => {
    expect(input.cart.lines).toHaveLength(200);
    expect(input.paymentMethods).toHaveLength(8);
    expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(128000);
  });

  it("puts its logged-in buyer in the treatment arm by hash and applies all three operations", () => {
    const decision = planPayment(input);
    expect(decision.assignment).toMatchObject({ source: "hash", arm: { name: "treatment" } });
    expect(decision.operations.map((op) => Object.keys(op)[0])).toEqual(["paymentMethodRename", "paymentMethodMove", "paymentMethodHide"]);
  });
});
