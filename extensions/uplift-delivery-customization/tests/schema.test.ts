import { describe, expect, it } from "vitest";
import { MAX_QUERY_BYTES, MAX_QUERY_COST, validateInputQuery } from "../../testing/harness";
import { EXTENSION_DIR, loadFixtures } from "./fixtures";
import { documentErrors, resultErrors } from "./result-schema";

describe("input query", () => {
  const result = validateInputQuery(EXTENSION_DIR + "schema.graphql", EXTENSION_DIR + "src/cart_delivery_options_transform_run.graphql");

  it("validates against the 2026-07 delivery customization schema", () => {
    expect(result.errors).toEqual([]);
  });

  it(`stays within Shopify's limits (cost ≤ ${MAX_QUERY_COST}, ≤ ${MAX_QUERY_BYTES} bytes)`, () => {
    // 2 metafields × 3 + customer id + handle + title + amount.
    expect(result.cost).toBe(10);
    expect(result.cost).toBeLessThanOrEqual(MAX_QUERY_COST);
    expect(result.bytes).toBeLessThanOrEqual(MAX_QUERY_BYTES);
  });
});

describe("result type", () => {
  it("is the argument of the cart.delivery-options.transform.run mutation", () => {
    expect(documentErrors).toEqual([]);
  });

  it.each(loadFixtures())("accepts the $name fixture's output", ({ payload }) => {
    expect(resultErrors(payload.output)).toEqual([]);
  });

  // The check must be able to fail, or the property test proves nothing.
  it.each<[string, unknown]>([
    ["a move without an index", { operations: [{ deliveryOptionMove: { deliveryOptionHandle: "a" } }] }],
    ["two operations in one entry (oneOf)", { operations: [{ deliveryOptionHide: { deliveryOptionHandle: "a" }, deliveryOptionMove: { deliveryOptionHandle: "a", index: 1 } }] }],
    ["a misspelt field", { operations: [{ deliveryOptionRename: { deliveryOptionHandle: "a", name: "x" } }] }],
    ["a payment operation", { operations: [{ paymentMethodHide: { paymentMethodId: "a" } }] }],
    ["a fractional index", { operations: [{ deliveryOptionMove: { deliveryOptionHandle: "a", index: 1.5 } }] }],
    ["no operations list", {}],
  ])("refuses %s", (_, result) => {
    expect(resultErrors(result)).not.toEqual([]);
  });
});
