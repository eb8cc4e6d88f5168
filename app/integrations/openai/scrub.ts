import { classifyKey, holdsPersonName, normalizeKey, type KeyClass } from "./scrub-keys";
import { knownNamesPattern } from "./scrub-names";
import { scrubText, type TextMode } from "./scrub-text";

// Removes personal data from any JSON-like value before it leaves for an LLM vendor. Two passes:
// the first gathers the names the payload holds in structured fields (customer.first_name,
// billing_address.name, ...), so the second can also remove them from free text ("thanks, Ana!").
// Whole personal objects (customer, addresses, client_details) become one token; other strings are
// scrubbed by pattern according to their key (see scrub-keys.ts and scrub-text.ts).

export type ScrubResult = { value: unknown; redactions: number };

// Integers this long are card numbers or ids; JSON numbers lose precision past 2^53 anyway.
const LONG_INTEGER_DIGITS = 13;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

const siblingsOf = (obj: Record<string, unknown>) => new Set(Object.keys(obj).map(normalizeKey));

function collectNames(value: unknown, out: Set<string>, seen: WeakSet<object>): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) return value.forEach((v) => collectNames(v, out, seen));
  if (!isPlainObject(value)) return;
  const siblings = siblingsOf(value);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === "string" && holdsPersonName(key, siblings)) out.add(v);
    else collectNames(v, out, seen);
  }
}

type Walk = { known: RegExp | null; count: number; seen: WeakSet<object> };

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || typeof v === "boolean") return true;
  if (typeof v === "string") return v.trim() === "";
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
}

function scrubValue(value: unknown, cls: KeyClass, walk: Walk): unknown {
  if (cls.kind === "personal") {
    // Nothing to hide in null, booleans (verified_email: true), blanks, empty containers or a token.
    if (isEmpty(value) || (typeof value === "string" && /^\[[a-z]+\]$/.test(value))) return value;
    walk.count++;
    return cls.token;
  }
  if (typeof value === "string") {
    const r = scrubText(value, cls.kind as TextMode, walk.known);
    walk.count += r.count;
    return r.text;
  }
  if (typeof value === "number" || typeof value === "bigint") {
    const digits = String(value).replace(/^-/, "");
    if (cls.kind !== "id" && /^\d+$/.test(digits) && digits.length >= LONG_INTEGER_DIGITS) {
      walk.count++;
      return "[number]";
    }
    return typeof value === "bigint" ? String(value) : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "object" || value === null) return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  if (walk.seen.has(value)) return "[circular]";
  walk.seen.add(value);
  // Array items take their key from the array: every item of "emails" is an email.
  const result = Array.isArray(value) ? value.map((v) => scrubValue(v, cls, walk)) : scrubObject(value as Record<string, unknown>, walk);
  walk.seen.delete(value);
  return result;
}

function scrubObject(obj: Record<string, unknown>, walk: Walk): Record<string, unknown> {
  const siblings = siblingsOf(obj);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    // Keys can be personal too: maps keyed by email or phone.
    const k = scrubText(key, "key", null);
    walk.count += k.count;
    let outKey = k.text;
    for (let n = 2; outKey in out; n++) outKey = `${k.text}#${n}`;
    out[outKey] = scrubValue(v, classifyKey(key, siblings), walk);
  }
  return out;
}

/**
 * Returns a copy of `value` with personal data replaced by tokens ("[email]", "[phone]", "[name]",
 * "[address]", "[card]", "[ip]", "[customer]", ...) and how many replacements were made.
 * @example scrubPersonalData({ email: "ana@example.com", title: "Wool Hat" })
 *   // { value: { email: "[email]", title: "Wool Hat" }, redactions: 1 }
 */
export function scrubPersonalData(value: unknown): ScrubResult {
  const names = new Set<string>();
  collectNames(value, names, new WeakSet());
  const walk: Walk = { known: knownNamesPattern(names), count: 0, seen: new WeakSet() };
  const scrubbed = scrubValue(value, { kind: "free" }, walk);
  return { value: scrubbed, redactions: walk.count };
}
