import type { PgBoss } from "pg-boss";
import { QUEUES } from "../queue.server";
import { processWebhookJob, type WebhookJob } from "./process-webhook.server";
import { processSlackJob, type SlackJob } from "../services/slack-approvals.server";
import { expireDueApprovals } from "../services/approvals.server";
import { registerNightlyScoring } from "./nightly-scoring.server";
import { registerCheckoutSetup } from "./checkout-setup.server";
import { registerOfferRedemption } from "./offer-redemption.server";
import { registerBackfill } from "./backfill.server";
import { registerCrmSync } from "./crm-sync.server";
import { registerAudienceJobs } from "./audience-sync.server";

/** The groups of queues a worker can take on (WORKER_QUEUES, comma-separated; default all). */
export const WORKER_GROUPS = ["webhooks", "approvals", "scoring", "checkout", "backfill", "crm", "audiences"] as const;
export type WorkerGroup = (typeof WORKER_GROUPS)[number];

/**
 * Registers the queue handlers; the worker process (and tests) call this on a started pg-boss.
 * Jobs come in batches and settle one by one, so one bad event fails (and retries) alone.
 * `only` limits the worker to some groups: a deployment can give webhooks their own workers, so
 * a long backfill never delays them.
 */
export async function registerWorkers(boss: PgBoss, options: { concurrency?: number; only?: readonly WorkerGroup[] } = {}): Promise<string | null> {
  const wants = (group: WorkerGroup) => !options.only || options.only.includes(group);
  if (wants("approvals")) {
    await boss.work<SlackJob>(QUEUES.slack, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (job) await processSlackJob(job.data);
    });
    await boss.work(QUEUES.approvalsExpire, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
      await expireDueApprovals(new Date());
    });
    await boss.schedule(QUEUES.approvalsExpire, "* * * * *");
  }
  if (wants("scoring")) await registerNightlyScoring(boss);
  if (wants("checkout")) {
    await registerCheckoutSetup(boss);
    await registerOfferRedemption(boss);
  }
  if (wants("backfill")) await registerBackfill(boss);
  if (wants("crm")) await registerCrmSync(boss);
  if (wants("audiences")) await registerAudienceJobs(boss);
  if (!wants("webhooks")) return null;
  return boss.work<WebhookJob>(
    QUEUES.webhooks,
    {
      batchSize: 10,
      localConcurrency: options.concurrency ?? 2,
      perJobResults: true,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 0.5,
    },
    async (jobs) => {
      const results = [];
      for (const job of jobs) {
        try {
          await processWebhookJob(job.data);
          results.push({ id: job.id, status: "completed" as const });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          results.push({ id: job.id, status: "failed" as const, output: { message } });
        }
      }
      return results;
    },
  );
}
