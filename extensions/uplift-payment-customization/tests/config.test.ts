import { describe, expect, it } from "vitest";
import { parseExperiment } from "../../shared/src/experiment/experiment";
import { parsePaymentOp } from "../src/payment-op";

type Json = Record<string, unknown>;
const TREATMENT_OPS = [
  { op: "rename", match: { nameContains: "Cash on Delivery" }, name: "Cash on Delivery (pay the courier)" },
  { op: "move", match: { nameContains: "Bank Deposit" }, index: 0 },
  { op: "hide", match: { nameContains: "PayPal" } },
];
const valid = (): Json => ({
  v: 1,
  experiment: "payment-order-1",
  hashVersion: 1,
  arms: [
    { name: "control", weight: 50, ops: [] },
    { name: "treatment", weight: 50, ops: TREATMENT_OPS },
  ],
});
const parse = (raw: unknown) => parseExperiment(raw, parsePaymentOp);
const withOp = (op: unknown): Json => ({ ...valid(), arms: [{ name: "control", weight: 50, ops: [] }, { name: "treatment", weight: 50, ops: [op] }] });

describe("parseExperiment with payment operations", () => {
  it("accepts the documented example, including a move to the top", () => {
    expect(parse(valid())?.arms[1]?.ops).toEqual(TREATMENT_OPS);
  });

  it("accepts the longest name and the largest index", () => {
    expect(parse(withOp({ op: "rename", match: { nameContains: "x" }, name: "n".repeat(255) }))).not.toBeNull();
    expect(parse(withOp({ op: "move", match: { nameContains: "x" }, index: 100 }))).not.toBeNull();
  });

  it.each<[string, unknown]>([
    ["no metafield", undefined],
    ["an unknown operation", { op: "surcharge", match: { nameContains: "PayPal" } }],
    ["a delivery-style match", { op: "hide", match: { titleContains: "PayPal" } }],
    ["a delivery-style rename", { op: "rename", match: { nameContains: "x" }, title: "y" }],
    ["an empty name", { op: "rename", match: { nameContains: "x" }, name: "" }],
    ["a blank name", { op: "rename", match: { nameContains: "x" }, name: "   " }],
    ["a 256-character name", { op: "rename", match: { nameContains: "x" }, name: "n".repeat(256) }],
    ["a name with a tab", { op: "rename", match: { nameContains: "x" }, name: "Pay\tlater" }],
    ["hide with placements (not supported)", { op: "hide", match: { nameContains: "x" }, placements: ["ACCELERATED_CHECKOUT"] }],
    ["a negative index", { op: "move", match: { nameContains: "x" }, index: -1 }],
    ["index 101", { op: "move", match: { nameContains: "x" }, index: 101 }],
    ["an index as a string", { op: "move", match: { nameContains: "x" }, index: "1" }],
    ["an empty match", { op: "hide", match: { nameContains: "" } }],
  ])("refuses a config with %s", (_, op) => {
    expect(parse(op === undefined ? undefined : withOp(op))).toBeNull();
  });
});
