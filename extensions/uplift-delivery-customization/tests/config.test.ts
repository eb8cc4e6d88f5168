import { describe, expect, it } from "vitest";
import { parseExperiment } from "../../shared/src/experiment/experiment";
import { parseDeliveryOp } from "../src/delivery-op";

type Json = Record<string, unknown>;
const valid = (): Json => ({
  v: 1,
  experiment: "delivery-order-1",
  hashVersion: 1,
  arms: [
    { name: "control", weight: 50, ops: [] },
    {
      name: "treatment",
      weight: 50,
      ops: [
        { op: "rename", match: { titleContains: "Express" }, title: "Express (1–2 business days)" },
        { op: "move", match: { titleContains: "Pickup" }, index: 1 },
        { op: "hide", match: { titleContains: "Overnight" } },
      ],
    },
  ],
});
const parse = (raw: unknown) => parseExperiment(raw, parseDeliveryOp);
const withArm = (changes: Json): Json => ({ ...valid(), arms: [{ name: "control", weight: 50, ops: [] }, { name: "treatment", weight: 50, ops: [], ...changes }] });
const withOp = (op: unknown): Json => withArm({ ops: [op] });

describe("parseExperiment with delivery operations", () => {
  it("accepts the documented example and keeps every operation in order", () => {
    expect(parse(valid())?.arms).toEqual(valid().arms);
  });

  it("accepts the longest title and the largest index", () => {
    expect(parse(withOp({ op: "rename", match: { titleContains: "x" }, title: "é".repeat(255) }))).not.toBeNull();
    expect(parse(withOp({ op: "move", match: { titleContains: "x" }, index: 100 }))).not.toBeNull();
  });

  it.each<[string, unknown]>([
    ["no metafield", undefined],
    ["an unknown operation", withOp({ op: "promote", match: { titleContains: "Express" } })],
    ["an operation without op", withOp({ match: { titleContains: "Express" } })],
    ["an extra key on hide", withOp({ op: "hide", match: { titleContains: "x" }, index: 1 })],
    ["an extra key on rename", withOp({ op: "rename", match: { titleContains: "x" }, title: "y", index: 1 })],
    ["a match on something else", withOp({ op: "hide", match: { handle: "abc" } })],
    ["a match with an extra key", withOp({ op: "hide", match: { titleContains: "x", handle: "abc" } })],
    ["an empty match", withOp({ op: "hide", match: { titleContains: "" } })],
    ["no match", withOp({ op: "hide" })],
    ["an empty title", withOp({ op: "rename", match: { titleContains: "x" }, title: "" })],
    ["a blank title", withOp({ op: "rename", match: { titleContains: "x" }, title: " \t " })],
    ["a 256-character title", withOp({ op: "rename", match: { titleContains: "x" }, title: "a".repeat(256) })],
    ["a title with a newline", withOp({ op: "rename", match: { titleContains: "x" }, title: "Fast\nshipping" })],
    ["move to index 0 (the cheapest's place)", withOp({ op: "move", match: { titleContains: "x" }, index: 0 })],
    ["move to a fractional index", withOp({ op: "move", match: { titleContains: "x" }, index: 1.5 })],
    ["move to index 101", withOp({ op: "move", match: { titleContains: "x" }, index: 101 })],
    ["move without an index", withOp({ op: "move", match: { titleContains: "x" } })],
  ])("refuses a config with %s", (_, raw) => {
    expect(parse(raw)).toBeNull();
  });
});
