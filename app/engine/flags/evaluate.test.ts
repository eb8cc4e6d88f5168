import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateFlag } from "./evaluate";
import type { Flag } from "./schema";

const flag = (over: Partial<Flag> = {}): Flag => ({
  workflow: "cart-upsell",
  mode: "live",
  killed: false,
  rollout: { percent: 100, seed: "cart-upsell", hashVersion: 2 },
  targeting: {},
  version: 3,
  ...over,
});
const withPercent = (percent: number, hashVersion: 1 | 2 = 2, seed = "s") => flag({ rollout: { percent, seed, hashVersion } });

describe("evaluateFlag", () => {
  it("returns the caller's fallback for a missing flag", () => {
    expect(evaluateFlag(undefined, { id: "u1" }, "shadow")).toEqual({
      mode: "shadow",
      source: "fallback",
      ruleId: null,
      reasons: ["no flag configured; using the fallback"],
      bucket: null,
    });
  });

  it.each([
    ["a string", "live"],
    ["an unknown mode", { ...flag(), mode: "on" }],
    ["percent above 100", { ...flag(), rollout: { percent: 101, seed: "s", hashVersion: 2 } }],
    ["hash version 3", { ...flag(), rollout: { percent: 50, seed: "s", hashVersion: 3 } }],
    ["an empty tier list", { ...flag(), targeting: { tiers: [] } }],
    ["an unknown field", { ...flag(), owner: "me" }],
  ])("falls back, with the reason, on %s", (_name, bad) => {
    const r = evaluateFlag(bad, { id: "u1" }, "off");
    expect(r).toMatchObject({ mode: "off", source: "fallback", ruleId: null, bucket: null });
    expect(r.reasons[0]).toMatch(/^invalid flag/);
  });

  it("never throws, even on hostile input, and never turns a bad fallback into live", () => {
    const hostile = {
      get mode(): string {
        throw new Error("boom");
      },
    };
    expect(evaluateFlag(hostile, { id: "u1" }, "off")).toMatchObject({ mode: "off", source: "fallback" });
    expect(evaluateFlag(undefined, { id: "u1" }, "on" as never).mode).toBe("off");
    expect(evaluateFlag(flag(), undefined as never, "off")).toMatchObject({ mode: "off", source: "rollout" });
  });

  it("the kill switch wins over everything", () => {
    expect(evaluateFlag(flag({ killed: true }), { id: "u1" }, "live")).toMatchObject({ mode: "off", source: "kill_switch", ruleId: "cart-upsell@v3" });
  });

  it("mode off is off for everyone; shadow and live pass through", () => {
    expect(evaluateFlag(flag({ mode: "off" }), { id: "u1" }, "live")).toMatchObject({ mode: "off", source: "flag" });
    expect(evaluateFlag(flag({ mode: "shadow" }), { id: "u1" }, "off")).toMatchObject({ mode: "shadow", source: "flag" });
    expect(evaluateFlag(flag(), { id: "u1" }, "off")).toMatchObject({ mode: "live", source: "flag" });
  });

  it("targets by tier, customer type, country and device, ignoring case; unknown attributes fail closed", () => {
    const f = flag({ targeting: { tiers: ["gold"], customerType: "returning", countries: ["CA", "US"], devices: ["mobile"] } });
    const match = { id: "u1", tier: "gold", isReturning: true, country: "ca", device: "Mobile" };
    expect(evaluateFlag(f, match, "off").mode).toBe("live");
    const miss = evaluateFlag(f, { ...match, tier: "silver", country: "FR" }, "live");
    expect(miss).toMatchObject({ mode: "off", source: "targeting" });
    expect(miss.reasons).toEqual(["tier silver not in gold", "country FR not in CA, US"]);
    expect(evaluateFlag(f, { ...match, isReturning: false }, "live").reasons).toEqual(["customer is new; flag targets returning customers"]);
    expect(evaluateFlag(f, { id: "u1", tier: "gold", country: "CA", device: "mobile" }, "live").reasons).toEqual([
      "customer type unknown; flag targets returning customers",
    ]);
    expect(evaluateFlag(flag({ targeting: { customerType: "any" } }), { id: "u1" }, "off").mode).toBe("live");
  });

  it("puts units outside the rollout off, with their bucket", () => {
    const r = evaluateFlag(withPercent(0), { id: "u1" }, "live");
    expect(r).toMatchObject({ mode: "off", source: "rollout" });
    expect(r.bucket).toBeGreaterThanOrEqual(0);
    expect(evaluateFlag(withPercent(50), { id: "" }, "live")).toMatchObject({ mode: "off", source: "rollout", reasons: ["unit has no id to bucket on"] });
  });

  it("buckets with GrowthBook's hash (seed 'seed', unit 'a', v2 → 0.0505)", () => {
    // cases.json: ["seed", "a", 2, 0.0505], so 5 % excludes the unit and 5.1 % includes it.
    expect(evaluateFlag(withPercent(5, 2, "seed"), { id: "a" }, "off")).toMatchObject({ mode: "off", bucket: 0.0505 });
    expect(evaluateFlag(withPercent(5.1, 2, "seed"), { id: "a" }, "off")).toMatchObject({ mode: "live", bucket: 0.0505 });
  });

  it("is sticky: same unit, seed and version give the same answer", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom<1 | 2>(1, 2), (id, seed, pct, v) => {
        const f = withPercent(pct, v, seed);
        expect(evaluateFlag(f, { id }, "off")).toEqual(evaluateFlag(structuredClone(f), { id }, "off"));
      }),
    );
  });

  it("is monotone: raising the percent only adds units", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.constantFrom<1 | 2>(1, 2),
        (id, seed, a, b, v) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const before = evaluateFlag(withPercent(lo, v, seed), { id }, "off");
          const after = evaluateFlag(withPercent(hi, v, seed), { id }, "off");
          if (before.mode === "live") expect(after.mode).toBe("live");
          expect(after.bucket).toBe(before.bucket);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("rolls out to about the configured share of 20,000 units", () => {
    for (const pct of [1, 10, 50]) {
      let live = 0;
      for (let i = 0; i < 20_000; i++) if (evaluateFlag(withPercent(pct), { id: `customer-${i}` }, "off").mode === "live") live++;
      // Binomial sd at 50 % is 0.35 % of 20,000; 1 percentage point is about 3 sd.
      expect(Math.abs(live / 20_000 - pct / 100)).toBeLessThan(0.01);
    }
  });
});
