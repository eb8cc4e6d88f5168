// Hand-written type guards instead of zod: the Function ships as QuickJS bytecode inside a Wasm
// module capped at 256 kB, and zod alone would take a large share of it.

export type JsonObject = Record<string, unknown>;

/** A JSON object (what JSON.parse makes for `{}`), not an array, not null. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when every own key is allowed: configs are strict, so a typo is refused, not ignored. */
export function hasOnlyKeys(value: JsonObject, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

export function isIntegerInRange(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

// Control characters in a title would render as garbage or break the checkout layout.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Text a buyer will read (a title, a name) or that is matched against one: non-blank, at most
 * `max` UTF-16 code units (never fewer characters than Shopify counts), no control characters.
 */
export function isDisplayText(value: unknown, max: number): value is string {
  return typeof value === "string" && value.trim() !== "" && value.length <= max && !CONTROL.test(value);
}
