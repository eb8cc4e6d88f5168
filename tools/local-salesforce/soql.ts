import type { FieldDef } from "./fields";
import type { Org, SfRecord } from "./org";
import { fail, type Reply } from "./wire";

// The narrow SOQL subset the app sends, parsed strictly: anything outside it is refused with
// MALFORMED_QUERY rather than guessed at, so a query that works here is one Salesforce also reads.
//
//   SELECT field[, field…] FROM Case [WHERE condition [AND condition…]]
//   field      Case fields (Id, CaseNumber, Subject, Status, IsClosed, ContactId, CreatedDate,
//              LastModifiedDate, custom) or Contact.<any Contact field>
//   condition  field (= | != | < | <= | > | >=) literal  |  field IN (literal[, literal…])
//   literal    'string' (SOQL escapes \' \" \\ \n \r \t \b \f) | true | false | null
//              | dateTime 2026-11-16T00:00:00Z or …+01:00 (unquoted)

type Token = { kind: "ident" | "string" | "datetime" | "number" | "op" | "punct"; text: string; value?: string };
type Literal = { kind: "string"; value: string } | { kind: "boolean"; value: boolean } | { kind: "datetime"; ms: number } | { kind: "null" };
type FieldPath = { relation: "Contact" | null; field: FieldDef };
type Condition = { path: FieldPath; op: string; values: Literal[] };
export type ParsedQuery = { select: FieldPath[]; where: Condition[] };

class SoqlError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}
const malformed = (message: string) => new SoqlError("MALFORMED_QUERY", message);

const ESCAPES: Record<string, string> = { n: "\n", N: "\n", r: "\r", R: "\r", t: "\t", T: "\t", b: "\b", B: "\b", f: "\f", F: "\f", '"': '"', "'": "'", "\\": "\\" };
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const rest = soql.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest[0] === "'") {
      let value = "";
      let j = 1;
      for (;;) {
        const c = rest[j];
        if (c === undefined) throw malformed("unterminated string literal");
        if (c === "'") break;
        if (c === "\\") {
          const escaped = ESCAPES[rest[j + 1] ?? ""];
          if (escaped === undefined) throw malformed(`Invalid string literal '${rest.slice(0, j + 2)}'. Illegal character sequence '\\${rest[j + 1] ?? ""}' in string literal.`);
          value += escaped;
          j += 2;
          continue;
        }
        value += c;
        j += 1;
      }
      tokens.push({ kind: "string", text: rest.slice(0, j + 1), value });
      i += j + 1;
      continue;
    }
    const match =
      (DATETIME.exec(rest) && { kind: "datetime" as const, re: DATETIME }) ||
      (/^-?\d/.test(rest) && { kind: "number" as const, re: /^-?\d+(?:\.\d+)?/ }) ||
      (IDENT.test(rest) && { kind: "ident" as const, re: IDENT }) ||
      (/^(?:<=|>=|!=|<>|=|<|>)/.test(rest) && { kind: "op" as const, re: /^(?:<=|>=|!=|<>|=|<|>)/ }) ||
      (/^[(),]/.test(rest) && { kind: "punct" as const, re: /^[(),]/ });
    if (!match) throw malformed(`unexpected character '${rest[0]}' at position ${i}`);
    const text = match.re.exec(rest)![0];
    tokens.push({ kind: match.kind, text });
    i += text.length;
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly org: Org,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw malformed("unexpected end of query");
    this.pos += 1;
    return t;
  }
  private keyword(word: string): boolean {
    const t = this.peek();
    if (t?.kind === "ident" && t.text.toUpperCase() === word) {
      this.pos += 1;
      return true;
    }
    return false;
  }
  private expectKeyword(word: string): void {
    if (!this.keyword(word)) throw malformed(`expecting '${word}', found '${this.peek()?.text ?? "end of query"}'`);
  }
  private expectPunct(p: string): void {
    const t = this.next();
    if (t.kind !== "punct" || t.text !== p) throw malformed(`expecting '${p}', found '${t.text}'`);
  }

  parse(): ParsedQuery {
    this.expectKeyword("SELECT");
    const select = [this.fieldPath()];
    while (this.peek()?.text === ",") {
      this.pos += 1;
      select.push(this.fieldPath());
    }
    this.expectKeyword("FROM");
    const object = this.next();
    if (object.kind !== "ident" || object.text !== "Case") throw new SoqlError("INVALID_TYPE", `sObject type '${object.text}' is not supported by the local org's query endpoint (only Case).`);
    const where: Condition[] = [];
    if (this.keyword("WHERE")) {
      where.push(this.condition());
      while (this.keyword("AND")) where.push(this.condition());
    }
    const extra = this.peek();
    if (extra) throw malformed(`unexpected token: '${extra.text}'`);
    return { select, where };
  }

  private fieldPath(): FieldPath {
    const t = this.next();
    if (t.kind !== "ident") throw malformed(`expecting a field name, found '${t.text}'`);
    const parts = t.text.split(".");
    const [relation, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
    if (parts.length > 2 || (relation !== null && relation.toLowerCase() !== "contact")) throw new SoqlError("INVALID_FIELD", `Didn't understand relationship '${parts.slice(0, -1).join(".")}' in field path.`);
    const object = relation === null ? "Case" : "Contact";
    const field = this.org.field(object, name);
    if (!field) throw new SoqlError("INVALID_FIELD", `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
    return { relation: relation === null ? null : "Contact", field };
  }

  private condition(): Condition {
    const path = this.fieldPath();
    if (path.field.type === "LongTextArea") throw new SoqlError("INVALID_FIELD", `field '${path.field.name}' can not be filtered in a query call`);
    if (this.keyword("IN")) {
      this.expectPunct("(");
      const values = [this.literal(path)];
      while (this.peek()?.text === ",") {
        this.pos += 1;
        values.push(this.literal(path));
      }
      this.expectPunct(")");
      return { path, op: "IN", values };
    }
    const op = this.next();
    if (op.kind !== "op") throw malformed(`expecting an operator after ${path.field.name}, found '${op.text}'`);
    const value = this.literal(path);
    const ordered = ["<", "<=", ">", ">="].includes(op.text);
    if (ordered && (value.kind === "null" || value.kind === "boolean")) throw malformed(`operator '${op.text}' is not valid for ${path.field.name}`);
    return { path, op: op.text === "<>" ? "!=" : op.text, values: [value] };
  }

  private literal(path: FieldPath): Literal {
    const t = this.next();
    const type = path.field.type;
    if (t.kind === "ident" && t.text.toLowerCase() === "null") return { kind: "null" };
    if (type === "Checkbox") {
      if (t.kind === "ident" && /^(true|false)$/i.test(t.text)) return { kind: "boolean", value: t.text.toLowerCase() === "true" };
      throw malformed(`value of filter criterion for field '${path.field.name}' must be of type boolean and should not be enclosed in quotes`);
    }
    if (type === "DateTime") {
      if (t.kind === "datetime") return { kind: "datetime", ms: Date.parse(t.text) };
      throw malformed(`value of filter criterion for field '${path.field.name}' must be of type dateTime and should not be enclosed in quotes`);
    }
    if (t.kind === "string" && t.value !== undefined && ["Id", "Text", "Email", "Phone", "Reference"].includes(type)) return { kind: "string", value: t.value };
    throw malformed(`value of filter criterion for field '${path.field.name}' must be of type ${type === "Id" || type === "Reference" ? "id" : "string"} and should be enclosed in quotes`);
  }
}

function valueOf(org: Org, row: SfRecord, path: FieldPath): unknown {
  if (path.relation === null) return row[path.field.name] ?? null;
  const contact = org.contacts.find((c) => c.Id === row.ContactId);
  return contact?.[path.field.name] ?? null;
}

function holds(actual: unknown, op: string, expected: Literal): boolean {
  if (expected.kind === "null") return op === "!=" ? actual !== null : actual === null;
  if (actual === null) return op === "!=";
  if (expected.kind === "boolean") return (actual === expected.value) === (op === "=");
  if (expected.kind === "datetime") {
    const ms = Date.parse(String(actual));
    return { "=": ms === expected.ms, "!=": ms !== expected.ms, "<": ms < expected.ms, "<=": ms <= expected.ms, ">": ms > expected.ms, ">=": ms >= expected.ms }[op] ?? false;
  }
  // Text comparisons in SOQL ignore case.
  const equal = String(actual).toLowerCase() === expected.value.toLowerCase();
  if (op === "=" || op === "IN") return equal;
  if (op === "!=") return !equal;
  const cmp = String(actual).toLowerCase().localeCompare(expected.value.toLowerCase());
  return { "<": cmp < 0, "<=": cmp <= 0, ">": cmp > 0, ">=": cmp >= 0 }[op] ?? false;
}

/** Runs a query and returns its rows in the wire shape (attributes, nested relationship objects). */
export function runQuery(org: Org, soql: string, version: string): { rows: Record<string, unknown>[] } | { error: Reply } {
  let parsed: ParsedQuery;
  try {
    parsed = new Parser(tokenize(soql), org).parse();
  } catch (error) {
    if (error instanceof SoqlError) return { error: fail(400, error.errorCode, error.message) };
    throw error;
  }
  const url = (type: string, id: unknown) => `/services/data/v${version}/sobjects/${type}/${String(id)}`;
  const rows = org.cases
    .filter((row) => parsed.where.every((c) => c.values.some((v) => holds(valueOf(org, row, c.path), c.op, v))))
    .map((row) => {
      const out: Record<string, unknown> = { attributes: { type: "Case", url: url("Case", row.Id) } };
      const contact = org.contacts.find((c) => c.Id === row.ContactId);
      for (const path of parsed.select) {
        if (path.relation === null) {
          out[path.field.name] = row[path.field.name] ?? null;
        } else if (!contact) {
          out.Contact = null;
        } else {
          const nested = (out.Contact ?? { attributes: { type: "Contact", url: url("Contact", contact.Id) } }) as Record<string, unknown>;
          nested[path.field.name] = contact[path.field.name] ?? null;
          out.Contact = nested;
        }
      }
      return out;
    });
  return { rows };
}
