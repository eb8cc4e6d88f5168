// Test databases: the embedded default (in-memory PGlite served on 127.0.0.1) or a fresh database on
// a real PostgreSQL server (TEST_DATABASE=postgres, TEST_POSTGRES_URL=postgres://…/postgres).
import { startEmbeddedDb } from "../../scripts/lib/embedded-db.mjs";
import { migrate } from "../../scripts/lib/migrate.mjs";
import { createScratchDatabase } from "../../scripts/lib/scratch-database.mjs";

export async function createTestDatabase() {
  const kind = process.env.TEST_DATABASE ?? "embedded";
  if (kind === "embedded") {
    const db = await startEmbeddedDb();
    await migrate(db.url);
    return { kind, url: db.url, stop: db.stop };
  }
  if (kind !== "postgres") throw new Error(`TEST_DATABASE must be "embedded" or "postgres", not ${kind}`);
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL (a server URL whose user may create databases)");
  return { kind, ...(await createScratchDatabase(server, "uplift_test")) };
}
