import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { context } from "./fixtures";
import { normalCdf } from "./normal";
import { priorSchema } from "./policy";
import { decisionRng, hashString } from "./random";
import { posterior, rewardOf, thompson, winProbabilities } from "./thompson";

const prior = priorSchema.parse({});
const stats = (n: number, mean: number, sd: number) => ({ n, sum: n * mean, sumSquares: (n - 1) * sd * sd + n * mean * mean });
const arms = (k: number) => Array.from({ length: k }, (_, i) => ({ id: `a${i}`, action: { type: "percentage_discount" as const, percent: 5 * i } }));

describe("posterior", () => {
  it("is the prior without data", () => {
    expect(posterior(undefined, prior)).toEqual({ mean: 0, sd: 5000 });
    expect(posterior({ n: 0, sum: 0, sumSquares: 0 }, prior)).toEqual({ mean: 0, sd: 5000 });
  });

  it("moves to the sample mean with a standard error of about sd/√n", () => {
    const p = posterior(stats(10_000, 1200, 3000), prior);
    expect(p.mean).toBeCloseTo(1200, 0);
    expect(p.sd).toBeCloseTo(30, 0);
  });

  it("reads inconsistent statistics as zero spread, never NaN", () => {
    const p = posterior({ n: 5, sum: 100, sumSquares: 0 }, prior);
    expect(Number.isFinite(p.mean) && Number.isFinite(p.sd) && p.sd > 0).toBe(true);
  });
});

describe("win probabilities (the propensity)", () => {
  it("two normals: matches the closed form Φ(Δ / √(σ1² + σ2²))", () => {
    const w = winProbabilities([{ mean: 110, sd: 10 }, { mean: 100, sd: 20 }]);
    expect(w[0]).toBeCloseTo(normalCdf(10 / Math.sqrt(500)), 4);
    expect(w[0]! + w[1]!).toBeCloseTo(1, 12);
  });

  it("two normals, 2,000 random pairs with sd ratios up to 1000: within 2e-4 of the closed form", () => {
    const rng = decisionRng("pairs", "x");
    for (let t = 0; t < 2000; t++) {
      const a = { mean: (rng() - 0.5) * 4000, sd: 10 ** (rng() * 3) };
      const b = { mean: (rng() - 0.5) * 4000, sd: 10 ** (rng() * 3) };
      const exact = normalCdf((a.mean - b.mean) / Math.hypot(a.sd, b.sd));
      expect(Math.abs(winProbabilities([a, b])[0]! - exact)).toBeLessThan(2e-4);
    }
  });

  it.each([2, 3, 5, 8])("%i equal arms each get 1/k", (k) => {
    const w = winProbabilities(Array.from({ length: k }, () => ({ mean: 500, sd: 100 })));
    for (const p of w) expect(p).toBeCloseTo(1 / k, 4);
  });

  it("a clearly better arm gets nearly all the probability", () => {
    const w = winProbabilities([{ mean: 100, sd: 10 }, { mean: 2000, sd: 10 }, { mean: 50, sd: 500 }]);
    expect(w[1]).toBeGreaterThan(0.999);
  });

  it("handles very unequal spreads (a steep step in the integrand)", () => {
    const w = winProbabilities([{ mean: 0, sd: 1e-3 }, { mean: 0, sd: 1e4 }]);
    expect(w[0]).toBeCloseTo(0.5, 2);
  });

  it("agrees with the frequency of Thompson draws", () => {
    const a = arms(3);
    const s = { a0: stats(200, 900, 2000), a1: stats(300, 1000, 2000), a2: stats(100, 800, 2000) };
    const counts = [0, 0, 0];
    let propensities: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const r = thompson(a, s, prior, decisionRng("s", `u${i}`))!;
      counts[r.index]!++;
      propensities = r.winProbabilities;
    }
    // 5,000 draws: standard error ≤ 0.007, so 0.03 is over four of them.
    counts.forEach((c, i) => expect(Math.abs(c / 5_000 - propensities[i]!)).toBeLessThan(0.03));
  });
});

describe("thompson", () => {
  it("is deterministic for a seed and unit, and varies across units", () => {
    const a = arms(4);
    const first = thompson(a, undefined, prior, decisionRng("seed", "unit"));
    const again = thompson(a, undefined, prior, decisionRng("seed", "unit"));
    expect(again).toEqual(first);
    const picks = new Set(Array.from({ length: 200 }, (_, i) => thompson(a, undefined, prior, decisionRng("seed", `u${i}`))!.arm.id));
    expect(picks.size).toBe(4);
  });

  it("keeps propensity in (0, 1]", () => {
    const r = thompson(arms(2), { a0: stats(1e6, 0, 10), a1: stats(1e6, 5000, 10) }, prior, decisionRng("s", "u"))!;
    expect(r.arm.id).toBe("a1");
    expect(r.propensity).toBeGreaterThan(0);
    expect(r.propensity).toBeLessThanOrEqual(1);
    expect(thompson(arms(1), undefined, prior, decisionRng("s", "u"))!.propensity).toBe(1);
    expect(thompson([], undefined, prior, decisionRng("s", "u"))).toBeNull();
  });

  it("the hash separates seed and unit", () => {
    expect(hashString("ab\u0000c")).not.toBe(hashString("a\u0000bc"));
    expect(hashString("")).toBe(hashString(""));
  });

  it("rewards are margin net of the discount", () => {
    expect(rewardOf({ converted: true, orderMarginMinor: 4000, discountMinor: 1500 })).toBe(2500);
    expect(rewardOf({ converted: false, orderMarginMinor: 4000, discountMinor: 1500 })).toBe(0);
  });
});

describe("learning policies through decide", () => {
  const learning = (segments: unknown, segmentBy = ["customer.tier"]) =>
    context({ policy: { mode: "learning", arms: arms(3), segmentBy }, learning: { segments } });

  it("uses the unit's segment, logs it, and prunes other segments from the inputs", () => {
    const gold = { a0: stats(5000, 1000, 1000), a1: stats(5000, 2000, 1000), a2: stats(5000, 3000, 1000) };
    const d = decide(learning({ 'customer.tier="gold"': gold, 'customer.tier="silver"': { a0: stats(5000, 9000, 1000) } }));
    expect(d.source).toBe("learning");
    expect(d.ruleId).toBe("a2");
    expect(d.propensity).toBeGreaterThan(0.99);
    expect(d.confidence).toBe(d.propensity);
    expect(d.inputs.segment).toBe('customer.tier="gold"');
    expect(Object.keys((d.inputs.context as { learning: { segments: object } }).learning.segments)).toEqual(['customer.tier="gold"']);
  });

  it("an arm with data only in its own segment still competes with the prior of the others", () => {
    // a0, a1 ~ N(0, 5000) prior; a2 ≈ 3000 ± 14: P(a2 best) = Φ(0.6)² ≈ 0.527.
    const d = decide(learning({ 'customer.tier="gold"': { a2: stats(5000, 3000, 1000) } }));
    if (d.ruleId === "a2") expect(d.propensity).toBeCloseTo(normalCdf(0.6) ** 2, 2);
    else expect(d.propensity).toBeLessThan(0.3);
  });

  it("a segment without data samples from the prior: about 1/k propensity", () => {
    const d = decide(learning({}));
    expect(d.propensity).toBeCloseTo(1 / 3, 3);
  });

  it("no arms decides none", () => {
    const d = decide(context({ policy: { mode: "learning", arms: [] } }));
    expect(d.action.type).toBe("none");
    expect(d.reasons).toContain("learning policy has no arms; no action");
  });

  it("an arm named like an Object property reads no inherited statistics", () => {
    const d = decide(context({ policy: { mode: "learning", arms: [{ id: "constructor", action: { type: "none" } }, { id: "toString", action: { type: "none" } }] } }));
    expect(d.propensity).toBeCloseTo(0.5, 3);
  });
});
