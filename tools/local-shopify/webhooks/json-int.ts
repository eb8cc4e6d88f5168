import { createHash } from "node:crypto";

// Shopify's REST-style payloads carry numeric ids that often exceed 2^53 (e.g. 820982911946154508).
// A JS number would round them, so ids stay digit strings and are written into the JSON text as-is
// through JSON.rawJSON (Node 21+), which JSON.stringify emits verbatim.
type RawJson = { readonly rawJSON: string };
const rawJSON = (JSON as unknown as { rawJSON?: (text: string) => RawJson }).rawJSON;

export type JsonInt = RawJson;

export function jsonInt(digits: string): JsonInt {
  if (!/^(0|[1-9]\d*)$/.test(digits)) throw new Error(`not an integer: ${digits}`);
  if (!rawJSON) throw new Error("JSON.rawJSON is unavailable: the local Shopify needs Node 22 or later");
  return rawJSON(digits);
}

/** "gid://shopify/Order/820982911946154508" → "820982911946154508" (query suffixes such as ?v=1 dropped). */
export function gidDigits(gid: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(?:\?.*)?$/.exec(gid);
  if (!match?.[1]) throw new Error(`not a numeric Shopify gid: ${gid}`);
  return match[1];
}

/** The numeric `id` Shopify puts next to `admin_graphql_api_id`, exact to the last digit. */
export function idFromGid(gid: string): JsonInt {
  return jsonInt(gidDigits(gid));
}

export function nullableIdFromGid(gid: string | null | undefined): JsonInt | null {
  return gid ? idFromGid(gid) : null;
}

/**
 * A stable id for objects the model does not track (addresses, shipping lines, data requests):
 * the same seed always gives the same 18–19 digit id, like the ids Shopify assigns.
 */
export function derivedDigits(seed: string): string {
  const n = BigInt(`0x${createHash("sha256").update(seed).digest("hex").slice(0, 15)}`);
  return (n + 100_000_000_000_000_000n).toString();
}

export function derivedId(seed: string): JsonInt {
  return jsonInt(derivedDigits(seed));
}

/** Stable lowercase hex, for tokens and cart line keys. */
export function derivedHex(seed: string, length = 32): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}
