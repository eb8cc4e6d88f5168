import { createHash } from "node:crypto";
import type { Metafield } from "./model";

// Checks a metafield value against its type the way metafieldsSet does, returning an error
// message or null. Covers the types apps commonly write; unknown-but-plausible types pass.
const SCALAR_CHECKS: Record<string, (value: string, currency: string) => string | null> = {
  single_line_text_field: (v) => (/[\r\n]/.test(v) ? "Value must be a single line." : null),
  multi_line_text_field: () => null,
  rich_text_field: (v) => jsonError(v),
  number_integer: (v) =>
    /^-?\d+$/.test(v) && Math.abs(Number(v)) <= Number.MAX_SAFE_INTEGER ? null : "Value must be an integer.",
  number_decimal: (v) => (/^-?\d{1,13}(\.\d{1,9})?$/.test(v) ? null : "Value must be a decimal."),
  boolean: (v) => (v === "true" || v === "false" ? null : "Value must be true or false."),
  json: (v) => jsonError(v),
  date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : "Value must be in YYYY-MM-DD format."),
  date_time: (v) => (!Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v) ? null : "Value must be in ISO 8601 date and time format."),
  url: (v) => (/^(https?|mailto|sms|tel):/.test(v) ? null : "Value must be a valid URL."),
  color: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? null : "Value must be a hex color code."),
  money: (v, currency) => moneyError(v, currency),
  id: (v) => (v.length <= 2048 ? null : "Value is too long."),
};
const REFERENCE = /^(product|variant|customer|collection|file|page|metaobject|order|company)_reference$/;

export const KNOWN_TYPES = new Set([
  ...Object.keys(SCALAR_CHECKS),
  "weight", "volume", "dimension", "rating", "link",
  "product_reference", "variant_reference", "customer_reference", "collection_reference",
  "file_reference", "page_reference", "metaobject_reference", "order_reference", "company_reference",
]);

const NOT_LISTABLE = new Set(["json", "boolean", "money", "rich_text_field", "multi_line_text_field", "id"]);

export function isKnownType(type: string): boolean {
  if (!type.startsWith("list.")) return KNOWN_TYPES.has(type);
  const base = type.slice(5);
  return KNOWN_TYPES.has(base) && !NOT_LISTABLE.has(base);
}

export function valueError(type: string, value: string, currency: string): string | null {
  const limit = type === "json" ? 128 * 1024 : 64 * 1024;
  if (Buffer.byteLength(value) > limit) return `Value exceeds the maximum size of ${limit / 1024} KB.`;
  if (type.startsWith("list.")) return listError(type.slice(5), value, currency);
  return scalarError(type, value, currency);
}

function scalarError(type: string, value: string, currency: string): string | null {
  const check = SCALAR_CHECKS[type];
  if (check) return check(value, currency);
  if (REFERENCE.test(type)) return /^gid:\/\/shopify\/\w+\/\w+/.test(value) ? null : "Value must be a global ID.";
  return null;
}

function listError(itemType: string, value: string, currency: string): string | null {
  let items: unknown;
  try {
    items = JSON.parse(value);
  } catch {
    return "Value must be a JSON array.";
  }
  if (!Array.isArray(items)) return "Value must be a JSON array.";
  if (items.length > 128) return "Value has more than 128 items.";
  for (const item of items) {
    const asString = typeof item === "string" ? item : JSON.stringify(item);
    const error = scalarError(itemType, asString, currency);
    if (error) return error;
  }
  return null;
}

function jsonError(value: string): string | null {
  try {
    JSON.parse(value);
    return null;
  } catch {
    return "Value must be valid JSON.";
  }
}

function moneyError(value: string, currency: string): string | null {
  try {
    const money = JSON.parse(value) as { amount?: unknown; currency_code?: unknown };
    if (typeof money.amount !== "string" || !/^-?\d+(\.\d+)?$/.test(money.amount)) return "Value must include a decimal amount.";
    if (money.currency_code !== currency) return `Currency code must match the shop currency (${currency}).`;
    return null;
  } catch {
    return "Value must be valid JSON.";
  }
}

// Shopify's digest is opaque; any hash that changes whenever the stored value changes gives the
// same compare-and-set guarantee.
export function compareDigest(m: Metafield): string {
  return createHash("sha256").update(`${m.id}\n${m.type}\n${m.value}\n${m.updatedAt}`).digest("hex");
}
