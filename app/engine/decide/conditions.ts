// Condition operators, one entry each (the Unleash pattern). An operator answers true, false, or
// "mismatch" when the field or value has a type it cannot compare; mismatches and unknown operators
// both make the condition false (fail closed) and are reported in the decision's reasons.
import type { Json } from "./json";

export type OpResult = boolean | "mismatch";
type Operator = (field: Json | undefined, value: Json) => OpResult;

const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isScalar = (x: unknown): x is string | number | boolean => typeof x === "string" || typeof x === "boolean" || isNumber(x);

// Numbers only: comparing strings or dates lexically would be a silent surprise in a money rule.
const compare =
  (test: (a: number, b: number) => boolean): Operator =>
  (field, value) => {
    if (field === undefined || field === null) return false;
    return isNumber(field) && isNumber(value) ? test(field, value) : "mismatch";
  };

const equals: Operator = (field, value) => {
  // `eq null` asks "is it absent?", the one case where a missing field is an answer rather than a miss.
  if (value === null) return field === null || field === undefined;
  if (field === undefined || field === null) return false;
  if (!isScalar(value) || !isScalar(field) || typeof field !== typeof value) return "mismatch";
  return field === value;
};

const membership: Operator = (field, value) => {
  if (!Array.isArray(value) || !value.every((v) => v === null || isScalar(v))) return "mismatch";
  if (field === undefined || field === null) return false;
  return isScalar(field) ? value.includes(field) : "mismatch";
};

export const OPERATORS: Readonly<Record<string, Operator>> = Object.freeze({
  eq: equals,
  neq: (field, value) => {
    if (value === null) return field !== null && field !== undefined;
    const r = equals(field, value);
    // A missing field is not "different from" anything: absent data never satisfies a rule.
    return r === "mismatch" ? r : field !== undefined && field !== null && !r;
  },
  gt: compare((a, b) => a > b),
  gte: compare((a, b) => a >= b),
  lt: compare((a, b) => a < b),
  lte: compare((a, b) => a <= b),
  in: membership,
  nin: (field, value) => {
    const r = membership(field, value);
    return r === "mismatch" ? r : field !== undefined && field !== null && !r;
  },
  exists: (field, value) => {
    // `{ op: "exists" }` without a value means exists: true.
    const want = value === null ? true : value;
    if (typeof want !== "boolean") return "mismatch";
    return (field !== undefined && field !== null) === want;
  },
  contains: (field, value) => {
    if (field === undefined || field === null) return false;
    if (Array.isArray(field)) return isScalar(value) ? field.includes(value) : "mismatch";
    if (typeof field === "string" && typeof value === "string") return field.includes(value);
    return "mismatch";
  },
});

const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** Evaluate one operator; unknown operators (including inherited names like "toString") fail closed. */
export function evaluateOperator(op: string, field: Json | undefined, value: Json): OpResult | "unknown_operator" {
  if (!has(OPERATORS, op)) return "unknown_operator";
  return OPERATORS[op]!(field, value);
}
