import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, parseDate, readCsv, readSummaries, readTransactions } from "./commands/clv-csv";

const dir = mkdtempSync(join(tmpdir(), "uplift-clv-csv-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("clv CSV reading", () => {
  it("reads quoted fields, CRLF line ends and a byte-order mark", () => {
    const t = readCsv(file("q.csv", '\uFEFFid,name,amount\r\n1,"Smith, J ""JJ""",10\r\n'));
    expect(t.header).toEqual(["id", "name", "amount"]);
    expect(t.rows).toEqual([["1", 'Smith, J "JJ"', "10"]]);
  });
  it("reads summaries with the monetary column only when asked", () => {
    const path = file("s.csv", "frequency,recency,T,monetary_value\n2,30.43,38.86,22.35\n0,0,38.86,0\n");
    expect(readSummaries(path, { frequency: "frequency", recency: "recency", T: "T" })[0]).toEqual({ frequency: 2, recency: 30.43, T: 38.86 });
    expect(readSummaries(path, { frequency: "frequency", recency: "recency", T: "T", monetary: "monetary_value" })[0]!.monetaryValue).toBe(22.35);
  });
  it("rejects an empty numeric cell", () => {
    expect(() => readSummaries(file("e.csv", "frequency,recency,T\n1,,3\n"), { frequency: "frequency", recency: "recency", T: "T" })).toThrow(/"" is not a number/);
  });
  it("parses ISO and compact dates as UTC days and refuses anything else", () => {
    expect(parseDate("1997-01-01").toISOString()).toBe("1997-01-01T00:00:00.000Z");
    expect(parseDate("19970112").toISOString()).toBe("1997-01-12T00:00:00.000Z");
    expect(parseDate("2024-03-05T10:00:00Z").toISOString()).toBe("2024-03-05T10:00:00.000Z");
    expect(() => parseDate("03/05/2024")).toThrow(InputError);
    expect(() => parseDate("2024-13-45")).toThrow(/not a date/);
  });
  it("reads transactions, amounts optional", () => {
    const path = file("t.csv", "customer,day,total\na,2020-01-01,5\nb,20200102,7.5\n");
    expect(readTransactions(path, { customer: "customer", date: "day", amount: "total" })).toEqual([
      { customerId: "a", date: new Date("2020-01-01T00:00:00Z"), amount: 5 },
      { customerId: "b", date: new Date("2020-01-02T00:00:00Z"), amount: 7.5 },
    ]);
    expect(readTransactions(path, { customer: "customer", date: "day" })[1]!.amount).toBe(0);
  });
});
