import prisma, { type Tx } from "../db.server";

// Backfill runs: one import of a shop's history from the Admin API, in one or more bulk
// operations. `operationId` names the bulk operation being exported or imported now. `objectCount`
// and `importedCount` count root objects (customers, orders): an order's line items are part of it.
// Every transition is a compare-and-set on (status, operationId), so a stale job, a duplicate
// finish webhook or a late poll changes nothing.

export type BackfillStatus = "starting" | "running" | "importing" | "completed" | "failed";
export const ACTIVE_STATUSES: BackfillStatus[] = ["starting", "running", "importing"];

export async function findRun(id: string) {
  return prisma.backfillRun.findUnique({ where: { id } });
}

export async function latestRun(shop: string) {
  return prisma.backfillRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } });
}

/**
 * A run in progress for the shop, read under a per-shop transaction lock so two starts at the same
 * moment cannot both see none.
 */
export async function lockActiveRun(tx: Tx, shop: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`backfill:${shop}`}))`;
  return tx.backfillRun.findFirst({ where: { shop, status: { in: ACTIVE_STATUSES } }, orderBy: { startedAt: "desc" } });
}

export async function createRun(tx: Tx, shop: string) {
  return tx.backfillRun.create({ data: { shop, status: "starting" } });
}

/** The run waiting for the bulk operation `operationId` (what a finish webhook names). */
export async function runForOperation(tx: Tx, shop: string, operationId: string) {
  return tx.backfillRun.findFirst({ where: { shop, operationId, status: { in: ["running", "importing"] } } });
}

/** Points the run at a new bulk operation: from `starting` (the first) or `importing` (the next one). */
export async function moveToOperation(tx: Tx, id: string, from: { status: "starting" | "importing"; operationId: string | null }, operationId: string): Promise<boolean> {
  const { count } = await tx.backfillRun.updateMany({
    where: { id, status: from.status, operationId: from.operationId },
    data: { status: "running", operationId },
  });
  return count === 1;
}

/**
 * The export is ready: its root objects join the total. Only the first caller moves the run, so
 * `objectCount − rootObjectCount` stays the number imported by earlier operations of the run.
 */
export async function beginImport(id: string, operationId: string, rootObjectCount: number): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "BackfillRun" SET status = 'importing', "objectCount" = "importedCount" + ${rootObjectCount}, error = NULL
    WHERE id = ${id}::uuid AND "operationId" = ${operationId} AND status = 'running'`;
}

/** Progress, written in the transaction that imported it; false when the run moved on meanwhile. */
export async function recordProgress(tx: Tx, id: string, operationId: string, importedCount: number): Promise<boolean> {
  const { count } = await tx.backfillRun.updateMany({ where: { id, operationId, status: "importing" }, data: { importedCount, error: null } });
  return count === 1;
}

export async function completeRun(tx: Tx, id: string, operationId: string, at: Date): Promise<boolean> {
  const { count } = await tx.backfillRun.updateMany({ where: { id, operationId, status: "importing" }, data: { status: "completed", finishedAt: at, error: null } });
  return count === 1;
}

export async function failRun(tx: Tx | typeof prisma, id: string, error: string, at: Date): Promise<boolean> {
  const { count } = await tx.backfillRun.updateMany({ where: { id, status: { in: ACTIVE_STATUSES } }, data: { status: "failed", error: error.slice(0, 2000), finishedAt: at } });
  return count === 1;
}

/** The last error of an attempt the queue will retry: shown while the run is still going. */
export async function noteRunError(id: string, error: string): Promise<void> {
  await prisma.backfillRun.updateMany({ where: { id, status: { in: ACTIVE_STATUSES } }, data: { error: error.slice(0, 2000) } });
}
