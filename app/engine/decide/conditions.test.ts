import { describe, expect, it } from "vitest";
import { evaluateOperator, OPERATORS } from "./conditions";
import { buildFacts, resolvePath } from "./facts";
import { decisionContextSchema } from "./context";
import { context } from "./fixtures";

describe("operators", () => {
  it.each([
    // op, field, value, expected
    ["eq", "gold", "gold", true],
    ["eq", "gold", "silver", false],
    ["eq", 5, 5, true],
    ["eq", true, true, true],
    ["eq", null, null, true],
    ["eq", undefined, null, true],
    ["eq", "x", null, false],
    ["eq", undefined, "gold", false],
    ["eq", 5, "5", "mismatch"],
    ["eq", "gold", ["gold"], "mismatch"],
    ["neq", "gold", "silver", true],
    ["neq", "gold", "gold", false],
    ["neq", undefined, "gold", false],
    ["neq", null, null, false],
    ["neq", "x", null, true],
    ["neq", 1, "1", "mismatch"],
    ["gt", 10, 5, true],
    ["gt", 5, 5, false],
    ["gte", 5, 5, true],
    ["gte", 4, 5, false],
    ["lt", 4, 5, true],
    ["lt", 5, 5, false],
    ["lte", 5, 5, true],
    ["lte", 6, 5, false],
    ["gt", "10", 5, "mismatch"],
    ["gt", 10, "5", "mismatch"],
    ["lt", "2026-01-01", "2027-01-01", "mismatch"],
    ["gt", null, 5, false],
    ["gt", undefined, 5, false],
    ["in", "gold", ["gold", "vip"], true],
    ["in", "silver", ["gold", "vip"], false],
    ["in", 3, [1, 2, 3], true],
    ["in", "gold", "gold", "mismatch"],
    ["in", undefined, ["gold"], false],
    ["nin", "silver", ["gold"], true],
    ["nin", "gold", ["gold"], false],
    ["nin", undefined, ["gold"], false],
    ["nin", "gold", 5, "mismatch"],
    ["exists", "x", true, true],
    ["exists", "x", null, true],
    ["exists", null, true, false],
    ["exists", undefined, false, true],
    ["exists", "x", false, false],
    ["exists", "x", "yes", "mismatch"],
    ["contains", ["apparel", "home"], "home", true],
    ["contains", ["apparel"], "home", false],
    ["contains", "WELCOME10", "WELCOME", true],
    ["contains", "abc", "z", false],
    ["contains", 123, "1", "mismatch"],
    ["contains", ["a"], ["a"], "mismatch"],
    ["contains", undefined, "a", false],
  ] as const)("%s(%j, %j) → %s", (op, field, value, expected) => {
    expect(evaluateOperator(op, field as never, value as never)).toBe(expected);
  });

  it("knows exactly the ten documented operators", () => {
    expect(Object.keys(OPERATORS).sort()).toEqual(["contains", "eq", "exists", "gt", "gte", "in", "lt", "lte", "neq", "nin"]);
  });

  it.each(["regex", "EQ", "", "toString", "constructor", "__proto__", "hasOwnProperty"])("unknown operator %j is reported, never evaluated", (op) => {
    expect(evaluateOperator(op, "gold", "gold")).toBe("unknown_operator");
  });

  it("NaN and Infinity never compare as numbers", () => {
    expect(evaluateOperator("gt", Number.NaN as never, 1)).toBe("mismatch");
    expect(evaluateOperator("lt", 1, Number.POSITIVE_INFINITY as never)).toBe("mismatch");
  });
});

describe("facts", () => {
  const facts = buildFacts(decisionContextSchema.parse(context()));

  it("computes cart aggregates", () => {
    expect(resolvePath(facts, "cart.subtotalMinor")).toBe(15000);
    expect(resolvePath(facts, "cart.marginMinor")).toBe(9000);
    expect(resolvePath(facts, "cart.marginPercent")).toBe(60);
    expect(resolvePath(facts, "cart.itemCount")).toBe(3);
    expect(resolvePath(facts, "cart.lineCount")).toBe(2);
    expect(resolvePath(facts, "cart.collectionIds")).toEqual(["apparel", "home"]);
    expect(resolvePath(facts, "now.hourUtc")).toBe(12);
    expect(resolvePath(facts, "now.dayOfWeekUtc")).toBe(1); // 2026-11-23 is a Monday
  });

  it("an unknown cost makes the cart margin unknown", () => {
    const ctx = context({ cart: { lines: [{ variantId: "v", productId: "p", quantity: 1, unitPriceMinor: 100, unitCostMinor: null }] } });
    const f = buildFacts(decisionContextSchema.parse(ctx));
    expect(resolvePath(f, "cart.marginMinor")).toBeNull();
    expect(resolvePath(f, "cart.hasUnknownCost")).toBe(true);
  });

  it("minutes since the last offer come from the context's clock", () => {
    const f = buildFacts(decisionContextSchema.parse(context({ history: { lastOfferAt: "2026-11-23T10:30:00Z" } })));
    expect(resolvePath(f, "history.minutesSinceLastOffer")).toBe(90);
  });

  it.each(["cart.__proto__", "cart.constructor", "customer.tier.length", "toString", "cart.lines", "", "cart..subtotalMinor"])("path %j resolves to nothing", (path) => {
    expect(resolvePath(facts, path)).toBeUndefined();
  });

  it("an anonymous customer has no tier", () => {
    const f = buildFacts(decisionContextSchema.parse(context({ customer: null })));
    expect(resolvePath(f, "customer")).toBeNull();
    expect(resolvePath(f, "customer.tier")).toBeUndefined();
  });
});
