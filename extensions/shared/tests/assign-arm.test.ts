import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { armForBucket, assignArm } from "../src/experiment/assign-arm";
import type { Arm, Experiment } from "../src/experiment/experiment";

const arm = (name: string, weight: number): Arm<never> => ({ name, weight, ops: [] });
const experiment = (arms: Arm<never>[], name = "delivery-order-1"): Experiment<never> => ({ experiment: name, hashVersion: 1, arms });
const fifty = experiment([arm("control", 50), arm("treatment", 50)]);

describe("armForBucket", () => {
  it("splits [0, 1) at the cumulative weights, lower edge inclusive", () => {
    const arms = fifty.arms;
    expect(armForBucket(arms, 0, 1000)?.name).toBe("control");
    expect(armForBucket(arms, 0.499, 1000)?.name).toBe("control");
    expect(armForBucket(arms, 0.5, 1000)?.name).toBe("treatment");
    expect(armForBucket(arms, 0.999, 1000)?.name).toBe("treatment");
  });

  it("never picks a weight-0 arm", () => {
    const arms = [arm("a", 1), arm("off", 0), arm("b", 3)];
    expect(armForBucket(arms, 0.249, 1000)?.name).toBe("a");
    expect(armForBucket(arms, 0.25, 1000)?.name).toBe("b");
  });

  it("gives every arm exactly its share of the buckets, computed on integers", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 10 }), fc.constantFrom(1000, 10000), (weights, units) => {
        fc.pre(weights.some((w) => w > 0));
        const arms = weights.map((w, i) => arm(`arm-${i}`, w));
        const total = weights.reduce((a, b) => a + b, 0);
        const counts = new Map<string, number>();
        for (let n = 0; n < units; n++) {
          const chosen = armForBucket(arms, n / units, units);
          expect(chosen).not.toBeNull();
          counts.set(chosen!.name, (counts.get(chosen!.name) ?? 0) + 1);
        }
        // Arm i owns the n with C_i * units <= n * W < C_(i+1) * units: ceil(C_(i+1)*units/W) - ceil(C_i*units/W) of them.
        let cumulative = 0;
        weights.forEach((w, i) => {
          const expected = Math.ceil(((cumulative + w) * units) / total) - Math.ceil((cumulative * units) / total);
          expect(counts.get(`arm-${i}`) ?? 0).toBe(expected);
          cumulative += w;
        });
      }),
      { numRuns: 20 },
    );
  });
});

describe("assignArm", () => {
  it("buckets a logged-in customer by hash (Customer/1 → 0.065, Customer/2 → 0.828)", () => {
    expect(assignArm(fifty, null, "gid://shopify/Customer/1")).toEqual({ arm: fifty.arms[0], source: "hash", bucket: 0.065 });
    expect(assignArm(fifty, null, "gid://shopify/Customer/2")).toEqual({ arm: fifty.arms[1], source: "hash", bucket: 0.828 });
  });

  it("lets the cart's arms metafield name an arm, for logged-in and anonymous buyers", () => {
    const override = { "delivery-order-1": "treatment", "another-experiment": "control" };
    expect(assignArm(fifty, override, "gid://shopify/Customer/1")).toEqual({ arm: fifty.arms[1], source: "override", bucket: null });
    expect(assignArm(fifty, override, undefined)).toEqual({ arm: fifty.arms[1], source: "override", bucket: null });
  });

  it("reaches a weight-0 arm only through the override", () => {
    const holdout = experiment([arm("control", 1), arm("preview", 0)]);
    expect(assignArm(holdout, { "delivery-order-1": "preview" }, null)?.arm.name).toBe("preview");
    expect(assignArm(holdout, null, "gid://shopify/Customer/2")?.arm.name).toBe("control");
  });

  it.each([
    ["an unknown arm", { "delivery-order-1": "variant-b" }],
    ["another experiment only", { "other-experiment": "treatment" }],
    ["a non-string arm", { "delivery-order-1": 1 }],
    ["an array", ["treatment"]],
    ["a string", "treatment"],
    ["null", null],
  ])("falls back to the hash when the override is %s", (_, override) => {
    expect(assignArm(fifty, override, "gid://shopify/Customer/2")).toEqual({ arm: fifty.arms[1], source: "hash", bucket: 0.828 });
    expect(assignArm(fifty, override, null)).toBeNull();
  });

  it.each([[undefined], [null], [""], ["   "], [42], [{ id: "gid://shopify/Customer/1" }]])("gives an anonymous buyer (customer id %j) no arm", (id) => {
    expect(assignArm(fifty, null, id)).toBeNull();
  });
});
