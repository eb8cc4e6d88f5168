import { PgBoss } from "pg-boss";
import type { Db as IDatabase } from "pg-boss";
import { env } from "./env.server";
import type { PoolClient } from "pg";
import type { Tx } from "./db.server";

// pg-boss on the same PostgreSQL (or embedded PGlite) as the app: a durable queue on an existing
// engine, with retries, backoff, expiry of jobs whose worker died, and a dead-letter queue.
export const QUEUES = {
  webhooks: "webhooks",
  webhooksDead: "webhooks-dead",
  // Slack approval messages (post, then update once decided); Slack is never called in a request.
  slack: "slack",
  // A schedule (every minute) that rejects approvals nobody answered in time.
  approvalsExpire: "approvals-expire",
  // Nightly customer scoring: a schedule that queues one scoring job per installed shop.
  scoreShops: "score-shops",
  scoreShop: "score-shop",
  // Installs or repairs the checkout discount, customizations and metafields of one shop.
  checkoutSetup: "checkout-setup",
  // Checks the signed offer an order carried (Admin API read of the order metafield), once.
  offerRedemption: "offer-redemption",
  // Backfill from the Admin API: starts a bulk export; the import runs after its finish webhook or a
  // delayed poll, one job at a time per run (a singleton queue); runs that give up land in the dead queue.
  backfill: "backfill",
  backfillImport: "backfill-import",
  backfillDead: "backfill-dead",
  // Writes staged customer scores to one shop's CRM; "stately": one running and one waiting per shop and CRM.
  crmSync: "crm-sync",
  // Dynamic audiences: re-evaluate one customer after new behaviour ("stately" per shop and
  // customer, so a burst of events collapses into one run), sync list changes per shop and CRM,
  // and a daily sweep that takes out members whose window has passed.
  audienceEvaluate: "audience-evaluate",
  audienceSync: "audience-sync",
  audienceSweep: "audience-sweep",
} as const;

let started: Promise<PgBoss> | undefined;

export function queue(options: { worker?: boolean } = {}): Promise<PgBoss> {
  started ??= (async () => {
    const boss = new PgBoss({
      connectionString: env.DATABASE_URL,
      max: options.worker ? 4 : 2,
      // Only the worker supervises (expiry, retries, maintenance); the web process just sends.
      supervise: Boolean(options.worker),
      schedule: Boolean(options.worker),
      // How soon a job whose worker died (expired) is noticed and retried.
      superviseIntervalSeconds: env.JOB_SUPERVISE_SECONDS,
      monitorIntervalSeconds: env.JOB_SUPERVISE_SECONDS,
    });
    boss.on("error", (error: unknown) => console.error("[queue]", error));
    await boss.start();
    await ensureQueues(boss);
    return boss;
  })();
  return started;
}

async function ensureQueues(boss: PgBoss) {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  if (!existing.has(QUEUES.webhooksDead)) {
    await boss.createQueue(QUEUES.webhooksDead, { retentionSeconds: 30 * 24 * 3600, deleteAfterSeconds: 0 });
  }
  const options = {
    retryLimit: env.JOB_RETRY_LIMIT,
    retryDelay: env.JOB_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: env.JOB_EXPIRE_SECONDS,
    deadLetter: QUEUES.webhooksDead,
  };
  if (existing.has(QUEUES.webhooks)) await boss.updateQueue(QUEUES.webhooks, options);
  else await boss.createQueue(QUEUES.webhooks, options);
  const plain = { retryLimit: env.JOB_RETRY_LIMIT, retryDelay: env.JOB_RETRY_DELAY_SECONDS, retryBackoff: true, expireInSeconds: env.JOB_EXPIRE_SECONDS };
  for (const name of [QUEUES.slack, QUEUES.approvalsExpire, QUEUES.scoreShops, QUEUES.scoreShop, QUEUES.checkoutSetup, QUEUES.offerRedemption]) {
    if (!existing.has(name)) await boss.createQueue(name, plain);
  }
  if (!existing.has(QUEUES.backfillDead)) await boss.createQueue(QUEUES.backfillDead, plain);
  if (!existing.has(QUEUES.backfill)) await boss.createQueue(QUEUES.backfill, { ...plain, deadLetter: QUEUES.backfillDead });
  if (!existing.has(QUEUES.backfillImport)) {
    // An import streams a file of any size in one go: the heartbeat, not a short expiry, tells a
    // dead worker from a long import.
    await boss.createQueue(QUEUES.backfillImport, { ...plain, policy: "singleton", heartbeatSeconds: 30, expireInSeconds: 6 * 3600, deadLetter: QUEUES.backfillDead });
  }
  if (!existing.has(QUEUES.crmSync)) await boss.createQueue(QUEUES.crmSync, { ...plain, policy: "stately" });
  for (const name of [QUEUES.audienceEvaluate, QUEUES.audienceSync]) if (!existing.has(name)) await boss.createQueue(name, { ...plain, policy: "stately" });
  if (!existing.has(QUEUES.audienceSweep)) await boss.createQueue(QUEUES.audienceSweep, plain);
}

/**
 * The same through a Prisma interactive transaction. Required, not just tidier, on the embedded
 * database: PGlite serves every connection from one session, so a send on another connection
 * would wait for our open transaction, which waits for the send.
 */
export function txExecutor(tx: Tx): IDatabase {
  return { executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}

/** Lets pg-boss write its jobs inside our transaction, so the jobs and our rows commit together. */
export function pgExecutor(client: PoolClient): IDatabase {
  return { executeSql: async (text: string, values: unknown[] = []) => ({ rows: (await client.query(text, values)).rows }) };
}

export async function stopQueue() {
  if (!started) return;
  const boss = await started;
  started = undefined;
  await boss.stop({ graceful: true, timeout: 5000 });
}
