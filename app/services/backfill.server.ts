// Backfill: a newly installed shop's history, which webhooks never delivered, read from the Admin
// API with bulk operations (customers, then orders with their line items) and stored through the
// same code the webhooks use (backfill-import.server.ts), so the two paths agree and nothing is
// stored twice. Nothing here waits for Shopify: the bulk_operations/finish webhook queues the next
// step, and a delayed poll job covers a webhook that never comes. Every step may run again (a
// retry, a duplicate webhook, a late poll) and then changes nothing or finishes what was left.
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import prisma, { type Tx } from "../db.server";
import { env } from "../env.server";
import { adminQuery, type AdminGraphql } from "../integrations/shopify-admin.server";
import { recordAudit } from "../models/audit.server";
import {
  beginImport,
  completeRun,
  createRun,
  failRun,
  findRun,
  latestRun,
  lockActiveRun,
  moveToOperation,
  noteRunError,
  runForOperation,
} from "../models/backfill-run.server";
import { QUEUES, queue, txExecutor } from "../queue.server";
import { importExport, type ImportOptions } from "./backfill-import.server";
import { EXPORTS, exportKind, type ExportKind } from "./backfill-records.server";

export type BackfillActor = { actor: "user" | "system"; actorId?: string };
export type BackfillJob = { shop: string; runId: string };
/** One look at a run's current bulk operation; `poll` counts the delayed polls so far. */
export type BackfillImportJob = { shop: string; runId: string; operationId: string; poll?: number };

export type StartResult = { ok: true; runId: string } | { ok: false; reason: "already_running"; runId: string } | { ok: false; reason: "shopify_error"; runId: string; error: string };
export type StepResult = "stale" | "waiting" | "next_export" | "completed" | "failed";

/** Fallback polls: 5 s, 10 s, 20 s … then every 5 minutes (an export may take hours, up to 10 days). */
export const pollDelaySeconds = (poll: number) => Math.min(300, 5 * 2 ** poll);

const RUN_EXPORT = `#graphql
  mutation UpliftBackfillExport($query: String!, $groupObjects: Boolean!) {
    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }`;

// `bulkOperation(id:)`, not currentBulkOperation (deprecated in 2026-07: several run at once).
const EXPORT_STATUS = `#graphql
  query UpliftBackfillStatus($id: ID!) {
    bulkOperation(id: $id) { id status errorCode query rootObjectCount url }
  }`;

const runExportReply = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string(), code: z.string().nullable().optional() })),
  }),
});

const exportStatusReply = z.object({
  bulkOperation: z
    .object({
      id: z.string(),
      status: z.string(),
      errorCode: z.string().nullable(),
      query: z.string(),
      // UnsignedInt64 travels as a string.
      rootObjectCount: z.union([z.string(), z.number()]),
      url: z.string().nullable(),
    })
    .nullable(),
});

/** Claims the shop's one backfill slot; `then` runs in the same transaction (e.g. to queue the start). */
async function claimRun(shop: string, by: BackfillActor, then?: (tx: Tx, runId: string) => Promise<void>): Promise<{ ok: true; runId: string } | { ok: false; runId: string }> {
  return prisma.$transaction(async (tx) => {
    const active = await lockActiveRun(tx, shop);
    if (active) return { ok: false as const, runId: active.id };
    const run = await createRun(tx, shop);
    await recordAudit(tx, { shop, event: "backfill.started", actor: by.actor, actorId: by.actorId, entity: run.id, reasons: ["customers and orders requested from the Admin API in bulk"] });
    await then?.(tx, run.id);
    return { ok: true as const, runId: run.id };
  });
}

/** The admin's button: claims the run now (so a second click is refused at once) and queues the start. */
export async function requestBackfill(shop: string, by: BackfillActor): Promise<{ ok: true; runId: string } | { ok: false; reason: "already_running"; runId: string }> {
  const boss = await queue();
  const claim = await claimRun(shop, by, async (tx, runId) => {
    await boss.send(QUEUES.backfill, { shop, runId } satisfies BackfillJob, { db: txExecutor(tx) });
  });
  return claim.ok ? claim : { ok: false, reason: "already_running", runId: claim.runId };
}

/**
 * At install: a shop that has never been backfilled gets its history imported, so its first
 * scores come from years of orders rather than from the webhooks since install. A reinstall after
 * the shop's data was erased counts as new.
 */
export async function backfillOnInstall(shop: string, enabled = env.BACKFILL_ON_INSTALL): Promise<boolean> {
  if (!enabled || (await latestRun(shop))) return false;
  return (await requestBackfill(shop, { actor: "system" })).ok;
}

/** The boss is started before any transaction that sends with it: on PGlite, starting it inside one would wait on that transaction. */
async function schedulePoll(boss: PgBoss, step: BackfillImportJob, db?: Tx) {
  const poll = step.poll ?? 0;
  await boss.send(QUEUES.backfillImport, { ...step, poll } satisfies BackfillImportJob, {
    startAfter: pollDelaySeconds(poll),
    singletonKey: step.runId,
    ...(db ? { db: txExecutor(db) } : {}),
  });
}

async function runExport(graphql: AdminGraphql, kind: ExportKind): Promise<{ ok: true; operationId: string } | { ok: false; error: string }> {
  const { query, groupObjects } = EXPORTS[kind];
  const reply = await adminQuery(graphql, RUN_EXPORT, runExportReply, { variables: { query, groupObjects } });
  if (!reply.ok) throw new Error(`bulkOperationRunQuery (${kind}): ${reply.error.code} ${reply.error.message}`);
  const { bulkOperation, userErrors } = reply.data.bulkOperationRunQuery;
  // A userError (an invalid query, too many operations running) does not go away on retry.
  if (userErrors.length || !bulkOperation) return { ok: false, error: userErrors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; ") || "no bulk operation" };
  return { ok: true, operationId: bulkOperation.id };
}

async function fail(shop: string, runId: string, error: string): Promise<"failed"> {
  await prisma.$transaction(async (tx) => {
    if (await failRun(tx, runId, error, new Date())) {
      await recordAudit(tx, { shop, event: "backfill.failed", actor: "system", entity: runId, reasons: [error] });
    }
  });
  return "failed";
}

/** Points the run at its new export and queues the export's fallback poll, together. */
async function follow(shop: string, runId: string, from: { status: "starting" | "importing"; operationId: string | null }, operationId: string): Promise<boolean> {
  const boss = await queue();
  return prisma.$transaction(async (tx) => {
    if (!(await moveToOperation(tx, runId, from, operationId))) return false;
    await schedulePoll(boss, { shop, runId, operationId }, tx);
    return true;
  });
}

/**
 * Starts a backfill: claims the shop's run (refused while one is going) unless `runId` names one
 * requestBackfill claimed, and asks Shopify for the customers export. Shopify answers once the
 * export is done, through bulk_operations/finish; a delayed poll covers a webhook that never comes.
 */
export async function startBackfill(shop: string, graphql: AdminGraphql, opts: { runId?: string; by?: BackfillActor } = {}): Promise<StartResult> {
  let runId = opts.runId;
  if (!runId) {
    const claim = await claimRun(shop, opts.by ?? { actor: "system" });
    if (!claim.ok) return { ok: false, reason: "already_running", runId: claim.runId };
    runId = claim.runId;
  } else {
    const run = await findRun(runId);
    if (!run || run.shop !== shop) throw new Error(`no backfill run ${runId} for ${shop}`);
    // A retried job whose first attempt got the export going: nothing left to start.
    if (run.status !== "starting") return { ok: true, runId };
  }
  const started = await runExport(graphql, "customers");
  if (!started.ok) {
    await fail(shop, runId, `Shopify refused the export: ${started.error}`);
    return { ok: false, reason: "shopify_error", runId, error: started.error };
  }
  await follow(shop, runId, { status: "starting", operationId: null }, started.operationId);
  return { ok: true, runId };
}

/**
 * bulk_operations/finish (in the webhook's own transaction): queues the import of the run waiting
 * for that operation. An operation we do not know (another app's, or one whose id we have not
 * stored yet) is left to the run's poll.
 */
export async function bulkOperationFinished(tx: Tx, shop: string, op: { operationId: string; type: string; status: string }): Promise<void> {
  if (op.type.toLowerCase() !== "query") return;
  const run = await runForOperation(tx, shop, op.operationId);
  if (!run) return;
  const boss = await queue();
  await boss.send(QUEUES.backfillImport, { shop, runId: run.id, operationId: op.operationId } satisfies BackfillImportJob, { singletonKey: run.id, db: txExecutor(tx) });
}

/**
 * One look at the run's current export: still running → poll again later; done → import it (or
 * finish what a failed attempt left), then start the orders export or complete the run; failed →
 * the run fails. Safe to call any number of times, from the webhook's job or the poll's.
 */
export async function continueBackfill(step: BackfillImportJob, graphql: AdminGraphql, opts: ImportOptions = {}): Promise<StepResult> {
  const run = await findRun(step.runId);
  if (!run || run.shop !== step.shop || run.operationId !== step.operationId || (run.status !== "running" && run.status !== "importing")) return "stale";
  const read = await adminQuery(graphql, EXPORT_STATUS, exportStatusReply, { variables: { id: step.operationId } });
  if (!read.ok) throw new Error(`bulkOperation(${step.operationId}): ${read.error.code} ${read.error.message}`);
  const found = read.data.bulkOperation;
  const op = found && { ...found, rootObjectCount: Number(found.rootObjectCount) };
  if (!op) return fail(step.shop, run.id, `Shopify no longer knows bulk operation ${step.operationId}`);
  if (op.status === "CREATED" || op.status === "RUNNING" || op.status === "CANCELING") {
    // Only the poll chain polls again: a finish webhook that came early must not start a second one.
    if (step.poll !== undefined) await schedulePoll(await queue(), { ...step, poll: step.poll + 1 });
    return "waiting";
  }
  if (op.status !== "COMPLETED") {
    return fail(step.shop, run.id, `Shopify's export ended ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode.toLowerCase()})` : ""}; nothing more was imported`);
  }
  const kind = exportKind(op.query);
  if (!kind) return fail(step.shop, run.id, `bulk operation ${op.id} is not one of the backfill's exports`);

  await beginImport(run.id, op.id, op.rootObjectCount);
  const current = await findRun(run.id);
  if (!current || current.status !== "importing" || current.operationId !== op.id) return "stale";
  const base = current.objectCount - op.rootObjectCount; // imported by the run's earlier exports
  const done = current.importedCount - base;
  if (op.url && done < op.rootObjectCount) {
    const imported = await importExport({ shop: step.shop, runId: run.id, operationId: op.id, url: op.url, kind, base, done, total: op.rootObjectCount }, opts);
    if (!imported) return "stale";
  }

  if (kind === "customers") {
    const next = await runExport(graphql, "orders");
    if (!next.ok) return fail(step.shop, run.id, `Shopify refused the orders export: ${next.error}`);
    return (await follow(step.shop, run.id, { status: "importing", operationId: op.id }, next.operationId)) ? "next_export" : "stale";
  }
  return complete(step.shop, run.id, op.id, base, op.rootObjectCount);
}

async function complete(shop: string, runId: string, operationId: string, customers: number, orders: number): Promise<StepResult> {
  const boss = await queue();
  const done = await prisma.$transaction(async (tx) => {
    if (!(await completeRun(tx, runId, operationId, new Date()))) return false;
    await recordAudit(tx, {
      shop,
      event: "backfill.completed",
      actor: "system",
      entity: runId,
      after: { customers, orders },
      reasons: [`${customers} customers and ${orders} orders read from the Admin API; rescoring queued`],
    });
    // The refit the nightly schedule would run, now, on the history just imported.
    await boss.send(QUEUES.scoreShop, { shop }, { singletonKey: shop, db: txExecutor(tx) });
    return true;
  });
  return done ? "completed" : "stale";
}

/** A job attempt failed and the queue will retry it: the admin shows why meanwhile. */
export async function noteBackfillError(runId: string, error: unknown): Promise<void> {
  await noteRunError(runId, error instanceof Error ? error.message : String(error));
}

/**
 * The queue gave up on a run's job (the dead-letter queue): the run fails with its last error,
 * unless the job was about an export the run has already moved past.
 */
export async function backfillGaveUp(job: BackfillJob & { operationId?: string }): Promise<void> {
  const { shop, runId } = job;
  const run = await findRun(runId);
  if (!run || run.shop !== shop) return;
  if (job.operationId && run.operationId !== job.operationId) return;
  await fail(shop, runId, run.error ? `Gave up after repeated failures: ${run.error}` : "Gave up after repeated failures");
}
