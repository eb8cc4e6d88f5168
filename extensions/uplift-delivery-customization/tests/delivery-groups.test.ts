import { describe, expect, it } from "vitest";
import { readDeliveryGroups } from "../src/delivery-groups";

const opt = (handle: unknown, amount: unknown, title: unknown = "T") => ({ handle, title, cost: { amount } });

describe("readDeliveryGroups", () => {
  it("reads handles, titles and Decimal amounts in Shopify's order", () => {
    expect(readDeliveryGroups([{ deliveryOptions: [opt("a", "4.99"), opt("b", "0", null)] }])).toEqual([
      [
        { handle: "a", title: "T", amount: 4.99 },
        { handle: "b", title: null, amount: 0 },
      ],
    ]);
  });

  it.each<[string, unknown]>([
    ["an empty amount", opt("b", "")],
    ["a non-numeric amount", opt("b", "free")],
    ["a numeric (not Decimal string) amount", opt("b", 5)],
    ["no cost", { handle: "b", title: "T" }],
    ["an empty handle", opt("", "1")],
    ["no handle", { title: "T", cost: { amount: "1" } }],
  ])("leaves a group alone when an option has %s, and reads the others", (_, bad) => {
    expect(readDeliveryGroups([{ deliveryOptions: [opt("a", "1"), bad] }, { deliveryOptions: [opt("c", "2")] }])).toEqual([
      null,
      [{ handle: "c", title: "T", amount: 2 }],
    ]);
  });

  it("leaves alone every group holding a handle that appears twice in the cart", () => {
    const groups = [{ deliveryOptions: [opt("a", "1"), opt("dup", "2")] }, { deliveryOptions: [opt("dup", "3")] }, { deliveryOptions: [opt("z", "1")] }];
    expect(readDeliveryGroups(groups)).toEqual([null, null, [{ handle: "z", title: "T", amount: 1 }]]);
  });

  it("reads nothing from input that is not a list of groups", () => {
    expect(readDeliveryGroups(undefined)).toEqual([]);
    expect(readDeliveryGroups({})).toEqual([]);
    expect(readDeliveryGroups([null, { deliveryOptions: "x" }])).toEqual([null, null]);
  });
});
