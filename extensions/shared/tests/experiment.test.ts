// The configuration's structure, with a stand-in operation parser; each Function's config.test.ts
// covers its own operations.
import { describe, expect, it } from "vitest";
import { parseExperiment } from "../src/experiment/experiment";

type Json = Record<string, unknown>;
// Any integer is an operation, anything else a refused one.
const parseOp = (raw: unknown): number | null => (Number.isInteger(raw) ? (raw as number) : null);
const parse = (raw: unknown) => parseExperiment(raw, parseOp);
const arms = () => [{ name: "control", weight: 50, ops: [] }, { name: "treatment", weight: 50, ops: [3, 1, 2] }];
const valid = (): Json => ({ v: 1, experiment: "structure-1", hashVersion: 1, arms: arms() });
const withArm = (changes: Json): Json => ({ ...valid(), arms: [{ name: "control", weight: 50, ops: [] }, { name: "treatment", weight: 50, ops: [], ...changes }] });
const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe("parseExperiment", () => {
  it("keeps the arms and their operations in order, and drops the version", () => {
    const { v: _v, ...expected } = valid();
    expect(parse(valid())).toEqual(expected);
  });

  it("accepts hash version 2, a single arm, a weight-0 arm and the largest allowed sizes", () => {
    expect(parse({ ...valid(), hashVersion: 2 })?.hashVersion).toBe(2);
    expect(parse({ ...valid(), arms: [{ name: "only", weight: 1, ops: [] }] })?.arms).toHaveLength(1);
    expect(parse(withArm({ weight: 0 }))?.arms[1]?.weight).toBe(0);
    expect(parse({ ...valid(), arms: repeat(10, (i) => ({ name: `arm-${i}`, weight: 10000, ops: [] })) })?.arms).toHaveLength(10);
    expect(parse(withArm({ ops: repeat(20, (i) => i) }))?.arms[1]?.ops).toHaveLength(20);
    expect(parse({ ...valid(), experiment: "e".repeat(100) })).not.toBeNull();
  });

  it.each<[string, unknown]>([
    ["no metafield", undefined],
    ["null", null],
    ["a string", JSON.stringify(valid())],
    ["an array", [valid()]],
    ["version 2", { ...valid(), v: 2 }],
    ["no version", { ...valid(), v: undefined }],
    ["an unknown top-level key", { ...valid(), coverage: 1 }],
    ["an empty experiment name", { ...valid(), experiment: "" }],
    ["a numeric experiment name", { ...valid(), experiment: 7 }],
    ["a 101-character experiment name", { ...valid(), experiment: "e".repeat(101) }],
    ["hash version 3", { ...valid(), hashVersion: 3 }],
    ["hash version as a string", { ...valid(), hashVersion: "1" }],
    ["no arms", { ...valid(), arms: [] }],
    ["eleven arms", { ...valid(), arms: repeat(11, (i) => ({ name: `arm-${i}`, weight: 1, ops: [] })) }],
    ["duplicate arm names", { ...valid(), arms: [{ name: "a", weight: 1, ops: [] }, { name: "a", weight: 1, ops: [] }] }],
    ["all weights zero", { ...valid(), arms: [{ name: "a", weight: 0, ops: [] }, { name: "b", weight: 0, ops: [] }] }],
    ["a negative weight", withArm({ weight: -1 })],
    ["a fractional weight", withArm({ weight: 0.5 })],
    ["a weight over 10000", withArm({ weight: 10001 })],
    ["an arm without ops", withArm({ ops: undefined })],
    ["an unknown arm key", withArm({ note: "x" })],
    ["a blank arm name", withArm({ name: "  " })],
    ["21 operations", withArm({ ops: repeat(21, (i) => i) })],
    ["one operation the Function refuses", withArm({ ops: [1, "promote", 2] })],
  ])("refuses a config with %s", (_, raw) => {
    expect(parse(raw)).toBeNull();
  });
});
