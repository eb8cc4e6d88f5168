import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bucketUnits, fnv1a32, hashBucket } from "../src/experiment/hash";

// An independent FNV-1a: BigInt arithmetic instead of Math.imul, so a shared bug cannot hide.
function referenceFnv(text: string): number {
  let h = 0x811c9dc5n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x01000193n) % 0x100000000n;
  }
  return Number(h);
}
const referenceV1 = (customerGid: string, experiment: string) => (referenceFnv(customerGid + experiment) % 1000) / 1000;

describe("hashBucket", () => {
  // GrowthBook's shared SDK cases (growthbook/growthbook packages/sdk-js/test/cases.json, "hash"),
  // as [seed, value, version, bucket]; the app's app/engine/flags/cases.json holds the same ones.
  it.each([
    ["", "a", 1, 0.22],
    ["b", "a", 1, 0.946],
    ["ef", "d", 1, 0.652],
    ["asdf", "8952klfjas09ujk", 1, 0.549],
    ["", "___)((*\":&", 1, 0.563],
    ["seed", "a", 2, 0.0505],
    ["foo", "def", 2, 0.2019],
    ["90850943850283058242805", "123", 2, 0.7516],
  ] as const)("GrowthBook case hash(%j, %j, v%i) = %j", (seed, value, version, expected) => {
    expect(hashBucket(seed, value, version)).toBe(expected);
  });

  // Values computed outside this code base (32-bit FNV-1a over UTF-16 code units, Python) for
  // fnv1a32(customerGid + experiment) % 1000 / 1000. The Functions' fixtures rely on Customer/1
  // and /2 in delivery-order-1 (control, treatment) and Customer/1 and /9 in payment-order-1.
  it.each([
    ["gid://shopify/Customer/1", "delivery-order-1", 0.065],
    ["gid://shopify/Customer/2", "delivery-order-1", 0.828],
    ["gid://shopify/Customer/12", "delivery-order-1", 0.011],
    ["gid://shopify/Customer/7029384756", "delivery-order-1", 0.143],
    ["gid://shopify/Customer/1", "payment-order-1", 0.427],
    ["gid://shopify/Customer/9", "payment-order-1", 0.659],
  ])("v1 bucket of %s in %s is %d", (gid, experiment, expected) => {
    expect(hashBucket(experiment, gid, 1)).toBe(expected);
    expect(referenceV1(gid, experiment)).toBe(expected);
  });

  it("hashes the customer id followed by the experiment, over UTF-16 code units", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), (gid, experiment) => {
        expect(fnv1a32(gid + experiment)).toBe(referenceFnv(gid + experiment));
        expect(hashBucket(experiment, gid, 1)).toBe(referenceV1(gid, experiment));
      }),
    );
  });

  it("gives k / units in [0, 1) for both versions", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(1 as const, 2 as const), (seed, value, version) => {
        const bucket = hashBucket(seed, value, version);
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(1);
        expect(Number.isInteger(Math.round(bucket * bucketUnits(version)))).toBe(true);
        expect(Math.abs(bucket * bucketUnits(version) - Math.round(bucket * bucketUnits(version)))).toBeLessThan(1e-6);
      }),
    );
  });
});
