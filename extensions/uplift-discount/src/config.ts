// The discount's `$app.function-configuration` (ADR 0005): the live signing keys and the hard caps.
// Parsed strictly: a config this code does not fully understand yields null, and null means no
// discount. Amounts stay exact (Rational); ids stay strings.
import { fromNumber, HUNDRED, cmp, parseDecimal, type Rational } from "./rational";

export type Caps = {
  maxPercent: Rational;
  maxFixed: Map<string, Rational>;
  freeShipping: boolean;
  eligibleProductIds: Set<string> | null;
  excludedProductIds: Set<string>;
  excludedVariantIds: Set<string>;
  marginFloor: { percentOfPrice: Rational; min: Rational } | null;
  costs: Map<string, Rational>;
};

export type Config = { shop: string; keys: Map<string, string>; caps: Caps };

const SECRET = /^[0-9a-f]{64}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function decimalMap(value: unknown): Map<string, Rational> | null {
  if (value === undefined || value === null) return new Map();
  if (!isObject(value)) return null;
  const out = new Map<string, Rational>();
  for (const key of Object.keys(value)) {
    const amount = parseDecimal(value[key]);
    if (!amount) return null;
    out.set(key, amount);
  }
  return out;
}

function parseCaps(value: unknown): Caps | null {
  if (!isObject(value)) return null;
  const maxPercent = fromNumber(value.maxPercent);
  if (!maxPercent || cmp(maxPercent, HUNDRED) > 0) return null;
  const maxFixed = decimalMap(value.maxFixed);
  const costs = decimalMap(value.costs);
  if (!maxFixed || !costs) return null;
  const eligible = value.eligibleProductIds;
  if (eligible !== null && eligible !== undefined && !isStringArray(eligible)) return null;
  const excludedProducts = value.excludedProductIds ?? [];
  const excludedVariants = value.excludedVariantIds ?? [];
  if (!isStringArray(excludedProducts) || !isStringArray(excludedVariants)) return null;
  let marginFloor: Caps["marginFloor"] = null;
  if (value.marginFloor !== undefined && value.marginFloor !== null) {
    if (!isObject(value.marginFloor)) return null;
    const percentOfPrice = fromNumber(value.marginFloor.percentOfPrice);
    const min = value.marginFloor.min === undefined ? parseDecimal("0") : parseDecimal(value.marginFloor.min);
    if (!percentOfPrice || !min || cmp(percentOfPrice, HUNDRED) > 0) return null;
    marginFloor = { percentOfPrice, min };
  }
  return {
    maxPercent,
    maxFixed,
    freeShipping: value.freeShipping === true,
    eligibleProductIds: eligible ? new Set(eligible) : null,
    excludedProductIds: new Set(excludedProducts),
    excludedVariantIds: new Set(excludedVariants),
    marginFloor,
    costs,
  };
}

export function parseConfig(value: unknown): Config | null {
  if (!isObject(value) || value.v !== 1 || typeof value.shop !== "string" || value.shop === "") return null;
  if (!Array.isArray(value.keys)) return null;
  const keys = new Map<string, string>();
  for (const key of value.keys) {
    if (!isObject(key) || typeof key.kid !== "string" || typeof key.secret !== "string" || !SECRET.test(key.secret)) return null;
    keys.set(key.kid, key.secret);
  }
  const caps = parseCaps(value.caps);
  return caps ? { shop: value.shop, keys, caps } : null;
}
