// The embedded default database: PGlite (real Postgres compiled to WebAssembly) served on 127.0.0.1,
// so the web process, the worker and the CLI all speak the ordinary Postgres protocol to it, exactly
// as they do to a production PostgreSQL server. pglite-socket queues statements per connection and
// keeps a transaction's statements on its own connection.
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";
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
  if (dir) mkdirSync(dirname(dir), { recursive: true });
  const db = await PGlite.create(dir);
  const listenPort = port ?? (await freePort());
  const server = new PGLiteSocketServer({ db, port: listenPort, host: "127.0.0.1", maxConnections: 64 });
  keepExtendedQueriesTogether(server);
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

// pglite-socket queues each protocol message on its own and keeps a connection's turn only inside a
// transaction. An extended query is several messages (Parse, Bind, Describe, Execute, Sync) sharing
// the one unnamed statement, so two connections could interleave them ("bind message supplies 3
// parameters, but prepared statement requires 4"). Here a connection keeps its turn from its first
// message until its Sync (or a simple Query), and a failed message no longer stalls the queue.
const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;

function keepExtendedQueriesTogether(server) {
  const q = server.queryQueue;
  if (!q || typeof q.processQueue !== "function" || !Array.isArray(q.queue)) {
    throw new Error("pglite-socket changed its internals: review keepExtendedQueriesTogether()");
  }
  let pinned = null;
  q.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = pinned ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = owner == null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        if (index === -1) break; // the owner's next message will restart the queue
        const [item] = this.queue.splice(index, 1);
        const type = item.message[0];
        try {
          let bytes = 0;
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          this.lastHandlerId = item.handlerId;
          // A startup packet begins with its length (first byte 0): it ends its own exchange.
          pinned = type === SYNC || type === QUERY || type === TERMINATE || type === 0 ? null : item.handlerId;
          item.resolve(bytes);
        } catch (error) {
          pinned = null;
          item.reject(error);
        }
      }
    } finally {
      this.processing = false;
    }
  };
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId) => {
    if (pinned === handlerId) pinned = null;
    clear(handlerId);
    void q.processQueue();
  };
}
