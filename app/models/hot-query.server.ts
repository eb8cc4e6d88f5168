import { createHash } from "node:crypto";
import type { QueryResultRow } from "pg";
import { pool } from "../db.server";

// Named (prepared) statements: PostgreSQL parses and plans one the first time a connection runs it
// and reuses the plan afterwards. On the checkout path planning was about half of a small query's
// server time. The embedded database (PGlite behind pglite-socket) runs every connection in one
// session, where two connections preparing the same name collide, so there statements stay unnamed.

let named: boolean | undefined;
let asking: Promise<boolean> | null = null;
function namedStatements(): boolean | Promise<boolean> {
  if (named !== undefined) return named;
  asking ??= pool.query<{ v: string }>("SELECT version() AS v").then(
    (r) => (named = !/PGlite/i.test(r.rows[0]?.v ?? "")),
    (error: unknown) => {
      asking = null; // ask again next time: the database may just have been unreachable
      throw error;
    },
  );
  return asking;
}

// A name stands for one text on every connection, so it is derived from the text.
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `uplift_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** pool.query for a statement run on every checkout: prepared once per connection where that is safe. */
export async function hotQuery<R extends QueryResultRow>(text: string, values: unknown[]) {
  const prepare = named ?? (await namedStatements());
  return prepare ? pool.query<R>({ name: nameOf(text), text, values }) : pool.query<R>(text, values);
}
