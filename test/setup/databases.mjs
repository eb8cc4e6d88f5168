// Test databases: the embedded default (in-memory PGlite served on 127.0.0.1) or a fresh database on
// a real PostgreSQL server (TEST_DATABASE=postgres, TEST_POSTGRES_URL=postgres://…/postgres).
import pg from "pg";
import { startEmbeddedDb } from "../../scripts/lib/embedded-db.mjs";
import { migrate } from "../../scripts/lib/migrate.mjs";

export async function createTestDatabase() {
  const kind = process.env.TEST_DATABASE ?? "embedded";
  if (kind === "embedded") {
    const db = await startEmbeddedDb();
    await migrate(db.url);
    return { kind, url: db.url, stop: db.stop };
  }
  if (kind !== "postgres") throw new Error(`TEST_DATABASE must be "embedded" or "postgres", not ${kind}`);
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL (a server URL whose user may create databases)");
  const name = `uplift_test_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await migrate(url.href);
  return {
    kind,
    url: url.href,
    async stop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
