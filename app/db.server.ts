import pg from "pg";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./env.server";

// Production PostgreSQL and the embedded default (PGlite served on 127.0.0.1) speak the same
// protocol, so one pg pool serves both: Prisma for ordinary queries, and the pool directly on hot
// paths (webhook intake) where Prisma's per-query overhead shows.
function create() {
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
  return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
}

declare global {
  var __uplift_db: ReturnType<typeof create> | undefined;
}

// Remix's dev reloads re-evaluate modules; keep one pool per process.
const db = globalThis.__uplift_db ?? create();
globalThis.__uplift_db = db;

const prisma: PrismaClient = db.prisma;
export default prisma;
export const pool: pg.Pool = db.pool;
export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Runs `fn` in a transaction on one pooled connection (commit on return, rollback on throw). */
export async function withPgTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
