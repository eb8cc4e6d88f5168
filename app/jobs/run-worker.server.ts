import type { PgBoss } from "pg-boss";
import { QUEUES } from "../queue.server";
import { processWebhookJob, type WebhookJob } from "./process-webhook.server";

/**
 * Registers the queue handlers; the worker process (and tests) call this on a started pg-boss.
 * Jobs come in batches and settle one by one, so one bad event fails (and retries) alone.
 */
export async function registerWorkers(boss: PgBoss, options: { concurrency?: number } = {}): Promise<string> {
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
