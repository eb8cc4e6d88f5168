// The same fnv1a32 and hashBucket as app/engine/flags/hash.ts, copied because extensions never
// import from app/: the app recomputes the bucket to attribute orders to arms, so the two must
// agree bit for bit. Both are GrowthBook's `hash(seed, value, version)`
// (growthbook/growthbook packages/sdk-js/src/util.ts); here the version is already validated.

/**
 * 32-bit FNV-1a over UTF-16 code units (charCodeAt), as GrowthBook's JavaScript SDK does.
 * Math.imul keeps the multiply by the FNV prime exact modulo 2^32.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** How many equal buckets each hash version has; a bucket is always k / units. */
export function bucketUnits(version: 1 | 2): number {
  return version === 1 ? 1000 : 10000;
}

/**
 * A bucket in [0, 1) for `value` under `seed`.
 * - v1: (fnv(value + seed) mod 1000) / 1000, here fnv(customerGid + experiment).
 * - v2: fnv of the decimal string of fnv(seed + value), mod 10,000.
 */
export function hashBucket(seed: string, value: string, version: 1 | 2): number {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  return (fnv1a32(value + seed) % 1000) / 1000;
}
