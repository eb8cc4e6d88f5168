import { describe, expect, it } from "vitest";
import { openCaseQueries, soqlDateTime, soqlString } from "./soql";

describe("soqlString", () => {
  it("escapes quotes, backslashes and control characters", () => {
    expect(soqlString("o'brien@example.com")).toBe("'o\\'brien@example.com'");
    expect(soqlString('a\\b"c\nd\te')).toBe("'a\\\\b\\\"c\\nd\\te'");
  });
});

describe("soqlDateTime", () => {
  it("formats UTC whole seconds, rounding down so >= stays inclusive", () => {
    expect(soqlDateTime(new Date("2026-11-16T08:00:00.999+02:00"))).toBe("2026-11-16T06:00:00Z");
  });
});

describe("openCaseQueries", () => {
  const since = new Date("2026-11-16T00:00:00Z");
  it("puts every email in exactly one query, each within the encoded budget", () => {
    const emails = Array.from({ length: 120 }, (_, i) => `customer.${i}@example.com`);
    const queries = openCaseQueries(emails, since, 1_500);
    expect(queries.length).toBeGreaterThan(1);
    expect(queries.every((q) => encodeURIComponent(q).length <= 1_500)).toBe(true);
    const listed = queries.flatMap((q) => [...q.matchAll(/'([^']+)'/g)].map((m) => m[1]));
    expect(listed).toEqual(emails);
  });

  it("sends one query for a short list", () => {
    expect(openCaseQueries(["a@example.com", "b@example.com"], since)).toEqual([
      "SELECT Contact.Email FROM Case WHERE IsClosed = false AND LastModifiedDate >= 2026-11-16T00:00:00Z AND Contact.Email IN ('a@example.com','b@example.com')",
    ]);
  });
});
