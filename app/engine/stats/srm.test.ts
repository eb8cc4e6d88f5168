import { describe, expect, it } from "vitest";
import cases from "./cases.json";
import { srm, SRM_ALARM_P } from "./srm";
import { StatsError } from "./errors";

describe("srm", () => {
  it.each(cases.srm)("$source", (c) => {
    const { pValue } = srm(c.observed, c.weights);
    expect(Math.abs(pValue - c.pValue)).toBeLessThanOrEqual(1e-9 * c.pValue);
  });

  it("the issue's 1000 vs 1200 split alarms; an even split does not", () => {
    expect(srm([1000, 1200], [0.5, 0.5]).pValue).toBeLessThan(SRM_ALARM_P);
    expect(srm([1000, 1000], [0.5, 0.5]).pValue).toBe(1);
  });

  it.each([
    ["mismatched lengths", [10, 20, 30], [0.5, 0.5], /same length/],
    ["weights not summing to 1", [10, 20], [0.5, 0.6], /sum to 1/],
    ["negative counts", [-1, 20], [0.5, 0.5], />= 0/],
    ["a zero weight", [10, 20], [0, 1], /> 0/],
    ["one variation", [10], [1], /at least two/],
    ["no units", [0, 0], [0.5, 0.5], /no units/],
  ])("refuses %s", (_name, observed, weights, message) => {
    expect(() => srm(observed as number[], weights as number[])).toThrow(StatsError);
    expect(() => srm(observed as number[], weights as number[])).toThrow(message as RegExp);
  });
});
