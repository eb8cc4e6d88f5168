// The discount's `$app.function-configuration` (ADR 0005): the live signing keys and the hard caps.
// Parsed strictly: a config this code does not fully understand yields null, and null means no
// discount. Amounts stay exact (Rational; unit costs stay checked decimal strings, read by the cart
// lines that need them); ids stay strings.
import type { KeyMaterial } from "./keys";
import { fromNumber, HUNDRED, cmp, parseDecimal, type Rational } from "./rational";

/**
 * A set of ids as a null-prototype object (`ids[id] === true`). The caps look ids up once or twice
 * per cart line, and in QuickJS a property read costs a fraction of a Set or Map operation; with no
 * prototype, an id such as "constructor" or "__proto__" is an ordinary key.
 */
export type IdSet = Record<string, true | undefined>;

export type Caps = {
  maxPercent: Rational;
  maxFixed: Map<string, Rational>;
  freeShipping: boolean;
  /** null: every product. */
  eligibleProductIds: IdSet | null;
  /** null: none (so a cart line needs no lookup). */
  excludedProductIds: IdSet | null;
  excludedVariantIds: IdSet | null;
  marginFloor: { percentOfPrice: Rational; min: Rational } | null;
  /** Unit costs by variant GID (shop currency): the config's own object, every value checked to be a
   *  decimal string. Read a cost as `typeof costs[id] === "string"`: no inherited property of an
   *  object is a string, so that is an own entry even for an id such as "constructor". */
  costs: Readonly<Record<string, unknown>>;
  /** Whether `costs` lists any variant: without, a cart line needs no lookup. */
  hasCosts: boolean;
};

export type Config = { shop: string; keys: Map<string, KeyMaterial>; caps: Caps };

const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
const dictionary = <T>(): Record<string, T | undefined> => Object.create(null) as Record<string, T | undefined>;

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

function idSet(ids: readonly string[]): IdSet;
function idSet(ids: readonly string[], emptyIsNull: true): IdSet | null;
function idSet(ids: readonly string[], emptyIsNull = false): IdSet | null {
  if (emptyIsNull && ids.length === 0) return null;
  const set = dictionary<true>();
  for (let i = 0; i < ids.length; i++) set[ids[i]!] = true;
  return set;
}

// Every cost as a JSON list of decimal strings. One JSON.stringify and one test for the whole map:
// parsing each of up to ~200 costs here (most for variants not in the cart) would cost more than the
// rest of the config; a cart line parses its own cost when it needs it.
const COST_LIST = /^\[(?:"\d{1,18}(?:\.\d{1,12})?"(?:,"\d{1,18}(?:\.\d{1,12})?")*)?\]$/;

function parseCosts(value: unknown): Caps["costs"] | null {
  if (value === undefined || value === null) return {};
  if (!isObject(value) || !COST_LIST.test(JSON.stringify(Object.values(value)))) return null;
  return value;
}

function parseCaps(value: unknown): Caps | null {
  if (!isObject(value)) return null;
  const maxPercent = fromNumber(value.maxPercent);
  if (!maxPercent || cmp(maxPercent, HUNDRED) > 0) return null;
  const maxFixed = decimalMap(value.maxFixed);
  if (!maxFixed) return null;
  const costs = parseCosts(value.costs);
  if (!costs) return null;
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
    eligibleProductIds: eligible ? idSet(eligible) : null,
    excludedProductIds: idSet(excludedProducts, true),
    excludedVariantIds: idSet(excludedVariants, true),
    marginFloor,
    costs,
    hasCosts: Object.keys(costs).length > 0,
  };
}

/** An optional hex field: absent is null, anything but hex of the right length is undefined. */
function hexField(value: unknown, pattern: RegExp): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === "string" && pattern.test(value) ? value : undefined;
}

/**
 * A key entry: its id and either its secret or all of what the app derives from it (the HMAC
 * chaining states and the binding point), or both (ADR 0005, "Cut-over").
 */
function parseKey(key: unknown): [string, KeyMaterial] | null {
  if (!isObject(key) || typeof key.kid !== "string") return null;
  const secret = hexField(key.secret, HEX64);
  const inner = hexField(key.inner, HEX64);
  const outer = hexField(key.outer, HEX64);
  const bind = hexField(key.bind, HEX32);
  if (secret === undefined || inner === undefined || outer === undefined || bind === undefined) return null;
  const derived = [inner, outer, bind].filter((f) => f !== null).length;
  if (derived === 3 || (derived === 0 && secret !== null)) return [key.kid, { secret, inner, outer, bind }];
  return null;
}

export function parseConfig(value: unknown): Config | null {
  if (!isObject(value) || value.v !== 1 || typeof value.shop !== "string" || value.shop === "") return null;
  if (!Array.isArray(value.keys)) return null;
  const keys = new Map<string, KeyMaterial>();
  for (const entry of value.keys) {
    const key = parseKey(entry);
    if (!key) return null;
    keys.set(key[0], key[1]);
  }
  const caps = parseCaps(value.caps);
  return caps ? { shop: value.shop, keys, caps } : null;
}
