import { describe, expect, it } from "vitest";
import { placeholderLastName, truncate } from "./fields";

describe("truncate", () => {
  it("keeps short text and cuts long text to the limit with an ellipsis", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("abcdefghijk", 5)).toBe("abcd…");
  });

  it("never leaves half of a surrogate pair", () => {
    const cut = truncate("abc😀def", 5);
    expect(cut).toBe("abc…");
    expect(cut.length).toBeLessThanOrEqual(5);
  });
});

describe("placeholderLastName", () => {
  it("uses the email's local part, within LastName's 80 characters", () => {
    expect(placeholderLastName("jane.doe@example.com")).toBe("jane.doe");
    expect(placeholderLastName(`${"x".repeat(100)}@example.com`)).toHaveLength(80);
    expect(placeholderLastName("@example.com")).toBe("Unknown");
  });
});
