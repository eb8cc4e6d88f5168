import { describe, expect, it } from "vitest";
import { chiSquareSf } from "../stats/distributions";
import { armForBucket, assign, createAssigner, expectedSplit, type AssignConfig, type AssignInput } from "./assign";

const config: AssignConfig = {
  experimentKey: "cart-upsell",
  universalHoldout: { percent: 5, seed: "2026" },
  holdoutPercent: 20,
  arms: [
    { id: "a", weight: 1 },
    { id: "b", weight: 3 },
  ],
  seed: "v1",
  hashVersion: 2,
};
const base: AssignInput = { ...config, unitId: "u1" };
const N = 100_000;
const ids = Array.from({ length: N }, (_, i) => `cust_${i}`);

describe("assign", () => {
  it("hits the configured split over 100,000 units", () => {
    const counts: Record<string, number> = {};
    const assignUnit = createAssigner(config);
    for (const unitId of ids) {
      const arm = assignUnit(unitId).arm;
      counts[arm] = (counts[arm] ?? 0) + 1;
    }
    // 5 % held out; of the rest 20 % control and 80 % split 1:3 between a and b.
    const want = { universal_holdout: 0.05, control: 0.95 * 0.2, a: 0.95 * 0.8 * 0.25, b: 0.95 * 0.8 * 0.75 };
    for (const [arm, share] of Object.entries(want)) {
      // 4.5 binomial standard deviations: a real skew of half a point still fails.
      const sd = Math.sqrt((share * (1 - share)) / N);
      expect(Math.abs((counts[arm] ?? 0) / N - share), arm).toBeLessThan(4.5 * sd);
    }
  });

  it("holds a unit out of every feature or of none", () => {
    const features = ["cart-upsell", "exit-offer", "free-shipping-bar", "bundle"];
    let held = 0;
    const assigners = features.map((experimentKey, k) => createAssigner({ ...config, experimentKey, seed: `s${k}`, hashVersion: k % 2 ? 1 : 2 }));
    for (const unitId of ids) {
      const arms = assigners.map((assignUnit) => assignUnit(unitId).arm);
      const out = arms.map((a) => a === "universal_holdout");
      expect(new Set(out).size, unitId).toBe(1);
      if (out[0]) held++;
    }
    expect(held).toBeGreaterThan(0);
  });

  it("splits features independently of the holdout and of each other", () => {
    // With no holdout, compare each unit's would-be holdout membership (10 %) with its arm in two
    // features: a 2×2 chi-square test of independence on each pair.
    const chi2 = (table: number[][]) => {
      const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
      const cols = table[0]!.map((_, j) => table.reduce((a, r) => a + r[j]!, 0));
      const total = rows.reduce((a, b) => a + b, 0);
      let x = 0;
      table.forEach((r, i) => r.forEach((o, j) => (x += (o - (rows[i]! * cols[j]!) / total) ** 2 / ((rows[i]! * cols[j]!) / total))));
      return chiSquareSf(x, (rows.length - 1) * (cols.length - 1));
    };
    const holdVsF1 = [[0, 0], [0, 0]];
    const f1VsF2 = [[0, 0], [0, 0]];
    const holdout = createAssigner({ ...config, universalHoldout: { percent: 10, seed: "2026" } });
    const noHoldout = { ...config, universalHoldout: { percent: 0, seed: "2026" }, holdoutPercent: 50, arms: undefined };
    const feature1 = createAssigner(noHoldout);
    const feature2 = createAssigner({ ...noHoldout, experimentKey: "exit-offer" });
    for (const unitId of ids) {
      const held = holdout(unitId).arm === "universal_holdout" ? 1 : 0;
      const f1 = feature1(unitId).arm === "control" ? 1 : 0;
      const f2 = feature2(unitId).arm === "control" ? 1 : 0;
      holdVsF1[held]![f1]!++;
      f1VsF2[f1]![f2]!++;
    }
    expect(chi2(holdVsF1)).toBeGreaterThan(0.001);
    expect(chi2(f1VsF2)).toBeGreaterThan(0.001);
  });

  it("is deterministic and explains itself", () => {
    const a = assign(base);
    expect(assign({ ...base })).toEqual(a);
    expect(createAssigner(config)("u1")).toEqual(a);
    expect(a.inExperiment).toBe(a.arm !== "universal_holdout");
    expect(a.reasons.length).toBeGreaterThan(0);
  });

  it.each([
    ["a percent above 100", { holdoutPercent: 120 }],
    ["an empty unit id", { unitId: "" }],
    ["a zero weight", { arms: [{ id: "a", weight: 0 }] }],
    ["a reserved arm id", { arms: [{ id: "control", weight: 1 }] }],
    ["duplicate arm ids", { arms: [{ id: "a", weight: 1 }, { id: "a", weight: 1 }] }],
    ["hash version 3", { hashVersion: 3 as never }],
  ])("serves control outside the experiment, without throwing, on %s", (_name, over) => {
    const r = assign({ ...base, ...over });
    expect(r).toMatchObject({ arm: "control", inExperiment: false, bucket: null });
    expect(r.reasons[0]).toMatch(/^invalid assignment input/);
  });

  it("never throws on nonsense", () => {
    expect(assign(null as never).arm).toBe("control");
    expect(assign({ get unitId(): string { throw new Error("boom"); } } as never).inExperiment).toBe(false);
    expect(createAssigner(config)(undefined as never)).toMatchObject({ arm: "control", inExperiment: false });
  });

  it("maps buckets to arms at the boundaries", () => {
    const arms = [{ id: "a", weight: 1 }, { id: "b", weight: 1 }];
    expect(armForBucket(0, 20, arms)).toBe("control");
    expect(armForBucket(0.1999, 20, arms)).toBe("control");
    expect(armForBucket(0.2, 20, arms)).toBe("a");
    expect(armForBucket(0.5999, 20, arms)).toBe("a");
    expect(armForBucket(0.6, 20, arms)).toBe("b");
    expect(armForBucket(0.9999, 20, arms)).toBe("b");
    expect(armForBucket(0.9999, 100, arms)).toBe("control");
  });

  it("states the expected split for the SRM check", () => {
    expect(expectedSplit(20, [{ id: "a", weight: 1 }, { id: "b", weight: 3 }])).toEqual({ control: 0.2, a: 0.2, b: 0.6000000000000001 });
    expect(expectedSplit(50)).toEqual({ control: 0.5, treatment: 0.5 });
  });
});
