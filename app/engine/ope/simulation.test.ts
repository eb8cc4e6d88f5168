// A seeded three-armed bandit with known mean rewards, logged by one policy and evaluated for
// another: the estimators should cover the true value at about their nominal rate, and a good
// reward model should make DR less variable than IPS.
import { describe, expect, it } from "vitest";
import { seededRng, type Rng } from "../clv/random";
import { compare } from "./compare";
import { doublyRobust } from "./doubly-robust";
import { ips, snips } from "./ips";
import type { LoggedRecord } from "./types";

const TRUE_MEANS = [0.2, 0.5, 0.7];
const LOGGING = [0.6, 0.3, 0.1];
const CANDIDATE = [0.1, 0.3, 0.6];
const value = (policy: number[]) => policy.reduce((s, p, a) => s + p * TRUE_MEANS[a]!, 0);
const TRUE_CANDIDATE = value(CANDIDATE); // 0.02 + 0.15 + 0.42 = 0.59
const TRUE_DIFFERENCE = TRUE_CANDIDATE - value(LOGGING); // 0.59 − 0.34 = 0.25
// A good but imperfect reward model: each action's mean off by a couple of points.
const MODEL = [0.22, 0.48, 0.71];
const MODEL_TARGET = CANDIDATE.reduce((s, p, a) => s + p * MODEL[a]!, 0);

function pick(rng: Rng, policy: number[]): number {
  const u = rng();
  let c = 0;
  for (let a = 0; a < policy.length; a++) if (u < (c += policy[a]!)) return a;
  return policy.length - 1;
}

function logs(rng: Rng, n: number): LoggedRecord[] {
  return Array.from({ length: n }, () => {
    const a = pick(rng, LOGGING);
    return {
      reward: rng() < TRUE_MEANS[a]! ? 1 : 0,
      loggedPropensity: LOGGING[a]!,
      targetProbability: CANDIDATE[a]!,
      rewardModel: { logged: MODEL[a]!, target: MODEL_TARGET },
    };
  });
}

const variance = (xs: number[]) => {
  const m = xs.reduce((a, x) => a + x, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};
const covers = (ci: [number, number], truth: number) => ci[0] <= truth && truth <= ci[1];

describe("off-policy estimators on a simulated bandit", () => {
  const rng = seededRng(20261123);
  const runs = Array.from({ length: 200 }, () => {
    const r = logs(rng, 1000);
    return { ips: ips(r), snips: snips(r), dr: doublyRobust(r), diff: compare(r), diffSnips: compare(r, { estimator: "snips" }) };
  });
  const rate = (f: (run: (typeof runs)[number]) => boolean) => runs.filter(f).length / runs.length;

  it("SNIPS and DR intervals cover the true candidate value in at least 90 % of 200 runs", () => {
    expect(rate((r) => covers(r.snips.ci, TRUE_CANDIDATE))).toBeGreaterThanOrEqual(0.9);
    expect(rate((r) => covers(r.dr.ci, TRUE_CANDIDATE))).toBeGreaterThanOrEqual(0.9);
    expect(rate((r) => covers(r.ips.ci, TRUE_CANDIDATE))).toBeGreaterThanOrEqual(0.9);
  });

  it("the comparison's intervals cover the true difference", () => {
    expect(rate((r) => covers(r.diff.ci, TRUE_DIFFERENCE))).toBeGreaterThanOrEqual(0.9);
    expect(rate((r) => covers(r.diffSnips.ci, TRUE_DIFFERENCE))).toBeGreaterThanOrEqual(0.9);
  });

  it("is centred on the truth", () => {
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(Math.abs(mean(runs.map((r) => r.dr.estimate)) - TRUE_CANDIDATE)).toBeLessThan(0.01);
    expect(Math.abs(mean(runs.map((r) => r.snips.estimate)) - TRUE_CANDIDATE)).toBeLessThan(0.01);
  });

  it("DR with a good reward model varies less than IPS, and says so in its standard error", () => {
    const drVar = variance(runs.map((r) => r.dr.estimate));
    const ipsVar = variance(runs.map((r) => r.ips.estimate));
    expect(drVar).toBeLessThan(0.8 * ipsVar);
    expect(runs.filter((r) => r.dr.standardError < r.ips.standardError).length).toBeGreaterThan(190);
  });
});
