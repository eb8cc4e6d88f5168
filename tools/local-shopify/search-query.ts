// Shopify's `query:` search syntax, the subset apps use for syncing: `field:value`,
// `field:>value` (>, >=, <, <=), quotes, `-field:value` / `NOT`, implicit or explicit AND, and OR
// between groups. Unknown fields are ignored with a warning, as Shopify does.

export type FieldKind = "date" | "number" | "id" | "text" | "keyword" | "tags";
export type SearchField<T> = { kind: FieldKind; get: (item: T) => string | number | null | readonly string[] };
export type SearchFields<T> = { fields: Record<string, SearchField<T>>; freeText: (item: T) => string };
export type SearchWarning = { field: string; message: string };

type Term = { field: string | null; op: ":" | ">" | ">=" | "<" | "<="; value: string; negate: boolean };

export function compileSearch<T>(
  query: string,
  spec: SearchFields<T>,
): { matches: (item: T) => boolean; warnings: SearchWarning[] } {
  const warnings: SearchWarning[] = [];
  const groups = splitOr(tokenize(query)).map((tokens) => tokens.map(parseTerm).filter((t): t is Term => t !== null));
  const tests = groups.map((terms) =>
    terms.flatMap((term) => {
      if (term.field === null) return [(item: T) => term.negate !== freeTextMatch(spec.freeText(item), term.value)];
      const field = spec.fields[term.field];
      if (!field) {
        warnings.push({ field: term.field, message: "Invalid search field for this query." });
        return [];
      }
      return [(item: T) => term.negate !== fieldMatch(field, field.get(item), term)];
    }),
  );
  return { matches: (item) => tests.some((conj) => conj.every((test) => test(item))), warnings };
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const re = /\s*((?:[^\s"'()]+|"[^"]*"|'[^']*')+|\(|\))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query)) !== null) if (m[1] && m[1] !== "(" && m[1] !== ")") tokens.push(m[1]);
  return tokens;
}

function splitOr(tokens: string[]): string[][] {
  const groups: string[][] = [[]];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "OR") groups.push([]);
    else if (token === "AND") continue;
    else if (token === "NOT") negateNext = true;
    else {
      groups[groups.length - 1]!.push(negateNext ? `-${token}` : token);
      negateNext = false;
    }
  }
  return groups.filter((g) => g.length > 0);
}

function parseTerm(raw: string): Term | null {
  const negate = raw.startsWith("-");
  const body = negate ? raw.slice(1) : raw;
  const m = /^([a-z_]+):(>=|<=|>|<)?(.*)$/i.exec(body);
  if (!m) return body ? { field: null, op: ":", value: unquote(body), negate } : null;
  const op = (m[2] ?? ":") as Term["op"];
  return { field: (m[1] ?? "").toLowerCase(), op, value: unquote(m[3] ?? ""), negate };
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, "$2");
}

function freeTextMatch(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase().replace(/\*$/, ""));
}

function compare(a: number, b: number, op: Term["op"]): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    default:
      return a === b;
  }
}

function fieldMatch<T>(field: SearchField<T>, value: ReturnType<SearchField<T>["get"]>, term: Term): boolean {
  if (term.value === "*") return value !== null && value !== "";
  if (value === null) return false;
  switch (field.kind) {
    case "date":
      return dateMatch(String(value), term);
    case "number":
      return compare(Number(value), Number(term.value), term.op);
    case "id":
      return compare(Number(String(value).replace(/^gid:\/\/shopify\/\w+\//, "")), Number(term.value.replace(/^gid:\/\/shopify\/\w+\//, "")), term.op);
    case "tags":
      return (value as readonly string[]).some((tag) => textEquals(tag, term.value));
    case "keyword":
      return textEquals(String(value), term.value);
    case "text":
      return freeTextMatch(String(value), term.value);
  }
}

function textEquals(value: string, pattern: string): boolean {
  const v = value.toLowerCase();
  const p = pattern.toLowerCase();
  return p.endsWith("*") ? v.startsWith(p.slice(0, -1)) : v === p;
}

// A bare date means the whole (UTC) day: `created_at:2024-05-01` matches that day,
// `created_at:>2024-05-01` starts after it.
function dateMatch(value: string, term: Term): boolean {
  const t = Date.parse(value);
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(term.value);
  const start = Date.parse(dayOnly ? `${term.value}T00:00:00Z` : term.value);
  if (Number.isNaN(start) || Number.isNaN(t)) return false;
  const end = dayOnly ? start + 86_400_000 : start;
  switch (term.op) {
    case ">":
      return dayOnly ? t >= end : t > start;
    case ">=":
      return t >= start;
    case "<":
      return t < start;
    case "<=":
      return dayOnly ? t < end : t <= start;
    default:
      return dayOnly ? t >= start && t < end : t === start;
  }
}
