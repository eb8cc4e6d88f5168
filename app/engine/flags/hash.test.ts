import { describe, expect, it } from "vitest";
import cases from "./cases.json";
import { fnv1a32, hashBucket } from "./hash";

// Golden values copied from GrowthBook's shared SDK test suite (see cases.json "source"), checked
// against growthbook/growthbook packages/sdk-js/test/cases.json and src/util.ts.
describe("hashBucket", () => {
  it.each(cases.hash as [string, string, number, number | null][])("hash(%j, %j, v%i) = %j", (seed, value, version, expected) => {
    expect(hashBucket(seed, value, version)).toBe(expected);
  });

  it("fnv1a32 matches the published FNV-1a test vectors", () => {
    // From the FNV reference (isthe.com/chongo/tech/comp/fnv): offset basis for "", and "a", "foobar".
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("stays in [0, 1) for both versions", () => {
    for (let i = 0; i < 2000; i++) {
      for (const v of [1, 2]) {
        const b = hashBucket("s", `unit-${i}`, v)!;
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(1);
      }
    }
  });
});
