// Deterministic bucketing, bit-for-bit compatible with GrowthBook's `hash(seed, value, version)`
// (growthbook/growthbook packages/sdk-js/src/util.ts), so a unit lands in the same bucket here as
// in any GrowthBook SDK, and a bucket recorded in the audit log can be recomputed anywhere.

export type HashVersion = 1 | 2;

/**
 * 32-bit FNV-1a over UTF-16 code units (charCodeAt), not UTF-8 bytes: that is what GrowthBook's
 * JavaScript SDK does, and matching it matters more than matching the textbook definition for
 * non-ASCII ids. Math.imul keeps the multiply by the FNV prime exact modulo 2^32.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A bucket in [0, 1) for `value` under `seed`, or null for an unknown version (callers fail
 * closed on null).
 * - v1: (fnv(value + seed) mod 1000) / 1000. Kept so buckets recorded under v1 stay sticky; it is
 *   biased (ids sharing a suffix cluster) and has only 1,000 buckets.
 * - v2: fnv of the decimal string of fnv(seed + value), mod 10,000. The second round removes
 *   v1's bias and gives 0.01 % resolution for rollouts.
 */
export function hashBucket(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}
