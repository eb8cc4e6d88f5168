import { describe, expect, it } from "vitest";
import { readPaymentMethods } from "../src/payment-methods";

describe("readPaymentMethods", () => {
  it("reads ids and names in Shopify's order and tells express-only methods apart", () => {
    expect(
      readPaymentMethods([
        { id: "a", name: "Credit card", placements: ["PAYMENT_METHOD"] },
        { id: "b", name: "Apple Pay", placements: ["ACCELERATED_CHECKOUT"] },
        { id: "c", name: "Shop Pay", placements: ["ACCELERATED_CHECKOUT", "PAYMENT_METHOD"] },
        { id: "d", name: "Bank Deposit", placements: [] }, // not Plus: placements are not filled in
      ]),
    ).toEqual([
      { id: "a", name: "Credit card", listed: true },
      { id: "b", name: "Apple Pay", listed: false },
      { id: "c", name: "Shop Pay", listed: true },
      { id: "d", name: "Bank Deposit", listed: true },
    ]);
  });

  it.each<[string, unknown]>([
    ["not a list", { id: "a" }],
    ["a repeated id", [{ id: "a", name: "x", placements: [] }, { id: "a", name: "y", placements: [] }]],
    ["an empty id", [{ id: "", name: "x", placements: [] }]],
    ["a missing name", [{ id: "a", placements: [] }]],
    ["a null entry", [null]],
  ])("refuses methods with %s", (_, raw) => {
    expect(readPaymentMethods(raw)).toBeNull();
  });
});
