// SOQL text built from data: string literals escaped, dateTime literals formatted, and long IN
// lists split across queries.

// SOQL's escape sequences inside single-quoted strings; any other backslash is a syntax error.
const ESCAPES: Record<string, string> = { "\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** A single-quoted SOQL string literal: `o'brien@x.com` becomes `'o\'brien@x.com'`. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/**
 * A dateTime literal (unquoted, UTC, whole seconds). Rounding down keeps `>=` inclusive: a
 * ticket modified in the same second as `since` still counts.
 */
export function soqlDateTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * A query goes in the URL (GET /query?q=…), and Salesforce caps the URI plus headers at 16,384
 * bytes (414/431 above; its help pages advise much less). Each query's encoded text stays under
 * this budget, so a batch of 200 emails takes a few queries rather than one refused call.
 */
export const MAX_ENCODED_QUERY_LENGTH = 6_000;

/** Open Cases modified at or after `since` whose Contact has one of `emails`, as few queries as the budget allows. */
export function openCaseQueries(emails: readonly string[], since: Date, budget = MAX_ENCODED_QUERY_LENGTH): string[] {
  const head = `SELECT Contact.Email FROM Case WHERE IsClosed = false AND LastModifiedDate >= ${soqlDateTime(since)} AND Contact.Email IN (`;
  const fixed = encodeURIComponent(`${head})`).length;
  const queries: string[] = [];
  let literals: string[] = [];
  let size = fixed;
  for (const email of emails) {
    const literal = soqlString(email);
    const cost = encodeURIComponent(`${literal},`).length;
    if (literals.length > 0 && size + cost > budget) {
      queries.push(`${head}${literals.join(",")})`);
      literals = [];
      size = fixed;
    }
    literals.push(literal);
    size += cost;
  }
  if (literals.length > 0) queries.push(`${head}${literals.join(",")})`);
  return queries;
}
