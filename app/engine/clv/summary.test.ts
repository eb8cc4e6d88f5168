import { describe, expect, it } from "vitest";
import { summaryFromTransactions, type Transaction } from "./summary";

const tx = (customerId: string, day: string, amount = 0): Transaction => ({ customerId, date: new Date(`${day}T12:00:00Z`), amount });

describe("summaryFromTransactions", () => {
  // lifetimes' README example (group A), observed to the last transaction (2015-02-06).
  const transactions = [
    tx("1", "2015-01-01", 10), tx("1", "2015-01-05", 20), tx("1", "2015-01-08", 40),
    tx("2", "2015-01-04", 5), tx("2", "2015-01-30", 7),
    tx("3", "2015-01-10", 1), tx("3", "2015-02-05", 2), tx("3", "2015-02-06", 3),
  ];
  it("counts repeat purchase days, recency and age in days", () => {
    const rows = Object.fromEntries(summaryFromTransactions(transactions).map((r) => [r.customerId, r]));
    expect(rows["1"]).toEqual({ customerId: "1", frequency: 2, recency: 7, T: 36, monetaryValue: 30 });
    expect(rows["2"]).toEqual({ customerId: "2", frequency: 1, recency: 26, T: 33, monetaryValue: 7 });
    expect(rows["3"]).toEqual({ customerId: "3", frequency: 2, recency: 27, T: 27, monetaryValue: 2.5 });
  });
  it("counts purchases on one day once, summing their amounts", () => {
    const rows = summaryFromTransactions([tx("a", "2020-01-01", 1), tx("a", "2020-01-03", 2), tx("a", "2020-01-03", 5)]);
    expect(rows[0]).toMatchObject({ frequency: 1, recency: 2, monetaryValue: 7 });
  });
  it("gives a one-time buyer frequency, recency and monetary value 0", () => {
    const rows = summaryFromTransactions([tx("a", "2020-01-01", 9), tx("b", "2020-01-15", 1)]);
    expect(rows.find((r) => r.customerId === "a")).toEqual({ customerId: "a", frequency: 0, recency: 0, T: 14, monetaryValue: 0 });
  });
  it("measures in weeks and stops at the observation end", () => {
    const rows = summaryFromTransactions([tx("a", "2020-01-01"), tx("a", "2020-01-15"), tx("a", "2020-03-01")], {
      unit: "weeks",
      observationEnd: new Date("2020-01-29T00:00:00Z"),
    });
    expect(rows[0]).toMatchObject({ frequency: 1, recency: 2, T: 4 });
  });
  it("rejects invalid dates and amounts", () => {
    expect(() => summaryFromTransactions([{ customerId: "a", date: new Date("nope"), amount: 1 }])).toThrow(/invalid date/);
    expect(() => summaryFromTransactions([{ customerId: "a", date: new Date(0), amount: Number.NaN }])).toThrow(/amount/);
  });
});
