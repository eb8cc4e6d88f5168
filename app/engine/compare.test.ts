import { describe, expect, it } from "vitest";
import { compare } from "./compare";

describe("compare", () => {
  it("orders numbers only", () => {
    expect(compare("gt", 3, 2)).toBe(true);
    expect(compare("gte", 2, 2)).toBe(true);
    expect(compare("lt", 2, 3)).toBe(true);
    expect(compare("lte", 3, 2)).toBe(false);
    expect(compare("gt", "3", 2)).toBe(false);
    expect(compare("gt", Number.NaN, 2)).toBe(false);
    expect(compare("lt", null, 2)).toBe(false);
  });
  it("matches equality and lists, never a missing value in a list", () => {
    expect(compare("eq", "gold", "gold")).toBe(true);
    expect(compare("neq", "gold", null)).toBe(true);
    expect(compare("in", "gold", ["gold", "platinum"])).toBe(true);
    expect(compare("in", null, ["gold"])).toBe(false);
    expect(compare("in", "gold", "gold")).toBe(false);
  });
  it("fails closed on an operator it does not know", () => {
    expect(compare("regex", "gold", "g.*")).toBe(false);
    expect(compare("", 1, 1)).toBe(false);
  });
});
