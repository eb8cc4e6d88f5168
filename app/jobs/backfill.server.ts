import type { PgBoss } from "pg-boss";
import { QUEUES } from "../queue.server";
import { backfillGaveUp, continueBackfill, noteBackfillError, startBackfill, type BackfillImportJob, type BackfillJob } from "../services/backfill.server";
import { unauthenticated } from "../shopify.server";

// The backfill's jobs. Bulk operations run on Shopify's side for minutes or hours: nothing here
// waits for one. The start job asks for an export; the import job looks at it when the finish
// webhook or a delayed poll says so. A failed attempt notes its error on the run and is retried by
// pg-boss; a job that runs out of retries lands in the dead queue, which fails the run.

/** The offline session's client: bulk exports outlive online tokens (24 h). */
async function adminGraphql(shop: string) {
  const { admin } = await unauthenticated.admin(shop);
  return admin.graphql;
}

export async function runBackfillJob(job: BackfillJob): Promise<void> {
  try {
    await startBackfill(job.shop, await adminGraphql(job.shop), { runId: job.runId });
  } catch (error) {
    await noteBackfillError(job.runId, error);
    throw error;
  }
}

export async function runBackfillImportJob(job: BackfillImportJob, signal?: AbortSignal): Promise<void> {
  try {
    await continueBackfill(job, await adminGraphql(job.shop), { signal });
  } catch (error) {
    await noteBackfillError(job.runId, error);
    throw error;
  }
}

export async function registerBackfill(boss: PgBoss) {
  await boss.work<BackfillJob>(QUEUES.backfill, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runBackfillJob(job.data);
  });
  await boss.work<BackfillImportJob>(QUEUES.backfillImport, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runBackfillImportJob(job.data, job.signal);
  });
  // Dead letters keep the payload of the job that gave up: a start (BackfillJob) or an import.
  await boss.work<BackfillJob | BackfillImportJob>(QUEUES.backfillDead, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
    if (job) await backfillGaveUp(job.data);
  });
}
