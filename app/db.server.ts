import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./env.server";

// Production PostgreSQL and the embedded default (PGlite served on 127.0.0.1) speak the same
// protocol, so one driver adapter serves both.
function create(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
  return new PrismaClient({ adapter });
}

declare global {
  var __uplift_prisma: PrismaClient | undefined;
}

// Remix's dev reloads re-evaluate modules; keep one pool per process.
const prisma: PrismaClient = globalThis.__uplift_prisma ?? create();
globalThis.__uplift_prisma = prisma;

export default prisma;
export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
