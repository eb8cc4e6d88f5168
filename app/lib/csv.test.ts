import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "./csv";

describe("csv", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(12.5)).toBe("12.5");
  });
  it("neutralises spreadsheet formulas", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });
  it("writes objects as JSON and dates as ISO", () => {
    expect(csvRow([new Date(Date.UTC(2026, 0, 2)), { a: 1 }])).toBe('2026-01-02T00:00:00.000Z,"{""a"":1}"\r\n');
  });
});
