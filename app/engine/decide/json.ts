// JSON helpers that make decisions reproducible: untrusted values are reduced to what a JSON round
// trip would keep (so decide(ctx) and decide(JSON.parse(JSON.stringify(ctx))) see the same data), and
// logged inputs get sorted keys (so the stored text does not depend on how the caller built objects).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DEPTH = 16;
const MAX_NODES = 5_000;

/**
 * What `JSON.parse(JSON.stringify(value))` would give, without throwing: cycles, BigInts, values
 * nested too deep or too many nodes become null (an LLM reply is untrusted and may be anything).
 */
export function toJson(value: unknown): Json {
  let nodes = 0;
  const stack: object[] = [];
  const walk = (v: unknown, depth: number, inArray: boolean): Json | undefined => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return null;
    if (v === null) return null;
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        return Number.isFinite(v) ? v : null;
      case "bigint":
        return null;
      case "undefined":
      case "function":
      case "symbol":
        return inArray ? null : undefined;
    }
    const obj = v as { toJSON?: unknown };
    if (typeof obj.toJSON === "function") return walk((obj.toJSON as () => unknown)(), depth + 1, inArray);
    if (stack.includes(obj)) return null;
    stack.push(obj);
    try {
      if (Array.isArray(obj)) return obj.map((item) => walk(item, depth + 1, true) ?? null);
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(obj)) {
        const item = walk((obj as Record<string, unknown>)[key], depth + 1, false);
        if (item !== undefined) out[key] = item;
      }
      return out;
    } finally {
      stack.pop();
    }
  };
  try {
    return walk(value, 0, false) ?? null;
  } catch {
    // A hostile getter or toJSON threw: treat the whole value as absent rather than fail the decision.
    return null;
  }
}

/** A copy with object keys sorted at every level; arrays keep their order. */
export function sortKeys<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
    return out as T;
  }
  return value;
}

// C0/C1 controls, line and paragraph separators, and bidi overrides (which can make a logged reason
// display as something else in the admin).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

/** Untrusted text for a reason: one line, no control or bidi characters, truncated, in quotes. */
export function quote(text: string, max = 64): string {
  const clean = text.replace(UNSAFE, " ").replace(/ {2,}/g, " ").trim();
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max - 3)}...` : clean);
}
