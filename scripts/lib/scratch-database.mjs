// A fresh, migrated database on a PostgreSQL server, dropped again by stop(): for tests and benchmarks.
import pg from "pg";
import { migrate } from "./migrate.mjs";

export async function createScratchDatabase(serverUrl, prefix) {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const run = async (sql) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.href);
  return { url: url.href, stop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
