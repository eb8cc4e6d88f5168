import { migrate } from "../../scripts/lib/migrate.mjs";
import { startEmbeddedDb } from "../../scripts/lib/embedded-db.mjs";
import { createScratchDatabase } from "../../scripts/lib/scratch-database.mjs";

/** A fresh, migrated database for a bench: a scratch one on PostgreSQL when a server is given, else the embedded default. */
export async function benchDatabase(): Promise<{ kind: string; url: string; stop(): Promise<void> }> {
  const server = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!server) {
    console.warn("No BENCH_POSTGRES_URL/TEST_POSTGRES_URL: measuring on the embedded database instead.");
    const db = await startEmbeddedDb();
    await migrate(db.url);
    return { kind: "embedded (PGlite)", url: db.url, stop: db.stop };
  }
  return { kind: "PostgreSQL", ...(await createScratchDatabase(server, "uplift_bench")) };
}
