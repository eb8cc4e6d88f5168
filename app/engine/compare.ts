// The comparison operators that rules-as-data use (next-best-action rules, audience conditions).
// An operator this code does not know, or values of the wrong type, make the comparison false:
// a rule written for a newer engine fails closed instead of matching everything.

export type Comparable = number | string | null | undefined;
export type RuleValue = number | string | null | (number | string)[];

export function compare(op: string, actual: Comparable, value: RuleValue): boolean {
  const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  switch (op) {
    case "gt":
      return num(actual) && num(value) && actual > value;
    case "gte":
      return num(actual) && num(value) && actual >= value;
    case "lt":
      return num(actual) && num(value) && actual < value;
    case "lte":
      return num(actual) && num(value) && actual <= value;
    case "eq":
      return actual === value;
    case "neq":
      return actual !== value;
    case "in":
      return Array.isArray(value) && actual !== null && actual !== undefined && value.includes(actual);
    default:
      return false;
  }
}
