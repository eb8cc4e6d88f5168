/**
 * The numbered parameters of one hand-written statement, for the few hot paths that write several
 * tables in one round trip. `add` keeps the value and returns its placeholder with an explicit cast:
 * PostgreSQL must not have to guess a type from the way a value is used.
 * @example
 * const p = new SqlParams();
 * await pool.query(`SELECT * FROM "Decision" WHERE shop = ${p.add(shop, "text")}`, p.values);
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast: string): string {
    this.values.push(value === undefined ? null : value);
    return `$${this.values.length}::${cast}`;
  }

  /** A JSON value as text for a json/jsonb column (null stays SQL NULL). */
  json(value: unknown, cast: "json" | "jsonb"): string {
    return this.add(value === undefined || value === null ? null : JSON.stringify(value), cast);
  }
}
