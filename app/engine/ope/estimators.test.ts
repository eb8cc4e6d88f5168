import { describe, expect, it } from "vitest";
import { compare } from "./compare";
import { doublyRobust } from "./doubly-robust";
import { OpeError } from "./errors";
import { ips, snips } from "./ips";
import type { LoggedRecord } from "./types";

const Z = 1.959963984540054; // normal 97.5 % quantile (app/engine/stats cases.json)

// Weights w = target / logged: 1/0.5 = 2, 0/0.5 = 0, 0.5/0.25 = 2, 0.5/1 = 0.5.
const records: LoggedRecord[] = [
  { reward: 1, loggedPropensity: 0.5, targetProbability: 1, rewardModel: { logged: 0.8, target: 0.8 } },
  { reward: 0, loggedPropensity: 0.5, targetProbability: 0, rewardModel: { logged: 0.3, target: 0.6 } },
  { reward: 1, loggedPropensity: 0.25, targetProbability: 0.5, rewardModel: { logged: 0.6, target: 0.5 } },
  { reward: 0, loggedPropensity: 1, targetProbability: 0.5, rewardModel: { logged: 0.2, target: 0.4 } },
];

describe("snips", () => {
  it("matches the hand computation", () => {
    // Σw = 4.5, Σw·r = 4, so V̂ = 8/9. Sandwich variance Σ w²(r − V̂)² / (Σw)²
    //   = (4·(1/9)² + 0 + 4·(1/9)² + 0.25·(8/9)²) / 4.5² = (24/81) / 20.25.
    // Kish ESS = 4.5² / (4 + 0 + 4 + 0.25) = 20.25 / 8.25.
    const r = snips(records);
    const se = Math.sqrt(24 / 81 / 20.25);
    expect(r.estimate).toBeCloseTo(8 / 9, 12);
    expect(r.standardError).toBeCloseTo(se, 12);
    expect(r.ci[0]).toBeCloseTo(8 / 9 - Z * se, 9);
    expect(r.ci[1]).toBeCloseTo(8 / 9 + Z * se, 9);
    expect(r.effectiveSampleSize).toBeCloseTo(20.25 / 8.25, 12);
    expect(r.n).toBe(4);
  });

  it("widens the interval for a smaller alpha", () => {
    const wide = snips(records, { alpha: 0.01 });
    expect(wide.ci[1] - wide.ci[0]).toBeGreaterThan(snips(records).ci[1] - snips(records).ci[0]);
  });
});

describe("ips", () => {
  it("matches the hand computation", () => {
    // w·r = 2, 0, 2, 0: mean 1, sample variance 4/3, variance of the mean 1/3.
    const r = ips(records);
    expect(r.estimate).toBe(1);
    expect(r.standardError).toBeCloseTo(Math.sqrt(1 / 3), 12);
  });
});

describe("doublyRobust", () => {
  it("matches the hand computation", () => {
    // Terms r̂_target + w (r − r̂_logged): 0.8 + 2·0.2 = 1.2, 0.6 + 0 = 0.6, 0.5 + 2·0.4 = 1.3,
    // 0.4 + 0.5·(−0.2) = 0.3. Mean 0.85; squared deviations 0.1225 + 0.0625 + 0.2025 + 0.3025
    // = 0.69, sample variance 0.23, variance of the mean 0.0575.
    const r = doublyRobust(records);
    expect(r.estimate).toBeCloseTo(0.85, 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(0.0575), 12);
    expect(r.ci[0]).toBeCloseTo(0.85 - Z * Math.sqrt(0.0575), 9);
    expect(r.effectiveSampleSize).toBeCloseTo(20.25 / 8.25, 12);
  });

  it("needs a reward model on every record", () => {
    const partial = records.map((r, i) => (i === 2 ? { ...r, rewardModel: undefined } : r));
    expect(() => doublyRobust(partial)).toThrow(/records\[2\]\.rewardModel is required/);
  });
});

describe("compare", () => {
  it("doubly robust: the mean of DR − r per record", () => {
    // DR − r = 0.2, 0.6, 0.3, 0.3: mean 0.35; squared deviations 0.0225 + 0.0625 + 0.0025 + 0.0025
    // = 0.09, sample variance 0.03, variance of the mean 0.0075. Current policy: mean reward 0.5.
    const c = compare(records);
    expect(c.estimator).toBe("doubly_robust");
    expect(c.estimate).toBeCloseTo(0.35, 12);
    expect(c.standardError).toBeCloseTo(Math.sqrt(0.0075), 12);
    expect(c.current.estimate).toBe(0.5);
    expect(c.candidate.estimate).toBeCloseTo(0.85, 12);
  });

  it("SNIPS: the difference's influence is SNIPS's minus the on-policy mean's", () => {
    // SNIPS influence w (r − 8/9) / mean(w) with mean(w) = 9/8: 16/81, 0, 16/81, −32/81.
    // On-policy influence r − 1/2: 1/2, −1/2, 1/2, −1/2. Differences: −49/162, 81/162, −49/162,
    // 17/162, so the variance is (49² + 81² + 49² + 17²) / 162² / 4².
    const c = compare(records, { estimator: "snips" });
    expect(c.estimate).toBeCloseTo(8 / 9 - 0.5, 12);
    expect(c.standardError).toBeCloseTo(Math.sqrt(11652 / 162 ** 2 / 16), 12);
    // Records without a model fall back to SNIPS on their own.
    expect(compare(records.map(({ rewardModel: _m, ...r }) => r)).estimator).toBe("snips");
  });
});

describe("input validation", () => {
  const base = records[0]!;
  it.each([
    ["no records", [], /at least 2 records/],
    ["one record", [base], /at least 2 records/],
    ["a zero propensity", [base, { ...base, loggedPropensity: 0 }], /records\[1\]\.loggedPropensity must be in \(0, 1\] \(got 0\)/],
    ["a propensity above 1", [base, { ...base, loggedPropensity: 1.2 }], /loggedPropensity must be in \(0, 1\]/],
    ["a NaN reward", [base, { ...base, reward: Number.NaN }], /records\[1\]\.reward must be a finite number \(got NaN\)/],
    ["a negative target probability", [base, { ...base, targetProbability: -0.1 }], /targetProbability must be in \[0, 1\]/],
    ["an infinite model prediction", [base, { ...base, rewardModel: { logged: Infinity, target: 0 } }], /rewardModel/],
  ])("refuses %s with an OpeError", (_name, bad, message) => {
    for (const estimate of [snips, ips, doublyRobust, compare]) {
      expect(() => estimate(bad as LoggedRecord[])).toThrow(OpeError);
      expect(() => estimate(bad as LoggedRecord[])).toThrow(message as RegExp);
    }
  });

  it("refuses a candidate that never takes a logged action, and a bad alpha", () => {
    const never = records.map((r) => ({ ...r, targetProbability: 0 }));
    expect(() => snips(never)).toThrow(/probability 0 to every logged action/);
    expect(() => snips(records, { alpha: 1 })).toThrow(/alpha must be in \(0, 1\)/);
  });
});
