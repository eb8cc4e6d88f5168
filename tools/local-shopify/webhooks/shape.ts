// Compares the structure of two parsed JSON values: the same keys at every level and the same value
// types. null matches any type (Shopify's samples use null where our data has a value, and the other
// way round), and an empty array matches any array, since neither says what its elements look like.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const kind = (v: Json) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

export function shapeDifferences(expected: Json, actual: Json, path = "$"): string[] {
  const [ek, ak] = [kind(expected), kind(actual)];
  if (ek === "null" || ak === "null") return [];
  if (ek !== ak) return [`${path}: expected ${ek}, got ${ak}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return actual.flatMap((item, i) => expected.flatMap((sample) => shapeDifferences(sample, item, `${path}[${i}]`)));
  }
  if (ek !== "object") return [];
  const e = expected as Record<string, Json>;
  const a = actual as Record<string, Json>;
  const diffs: string[] = [];
  for (const key of Object.keys(e)) if (!(key in a)) diffs.push(`${path}.${key}: missing`);
  for (const key of Object.keys(a)) if (!(key in e)) diffs.push(`${path}.${key}: not in the sample`);
  for (const key of Object.keys(e)) if (key in a) diffs.push(...shapeDifferences(e[key] as Json, a[key] as Json, `${path}.${key}`));
  return diffs;
}
