// The embedded default database: PGlite (real Postgres compiled to WebAssembly) served on 127.0.0.1,
// so the web process, the worker and the CLI all speak the ordinary Postgres protocol to it, exactly
// as they do to a production PostgreSQL server. pglite-socket queues statements per connection and
// keeps a transaction's statements on its own connection.
import { createServer } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** dir: a folder for a persistent database, or undefined for one in memory. */
export async function startEmbeddedDb({ dir, port } = {}) {
  const db = await PGlite.create(dir);
  const listenPort = port ?? (await freePort());
  const server = new PGLiteSocketServer({ db, port: listenPort, host: "127.0.0.1", maxConnections: 64 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${listenPort}/postgres`,
    port: listenPort,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
