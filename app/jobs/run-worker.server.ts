import type { PgBoss } from "pg-boss";
import { QUEUES } from "../queue.server";
import { processWebhookJob, type WebhookJob } from "./process-webhook.server";

/** Registers the queue handlers; the worker process (and tests) call this on a started pg-boss. */
export async function registerWorkers(boss: PgBoss, options: { concurrency?: number } = {}): Promise<string> {
  return boss.work<WebhookJob>(
    QUEUES.webhooks,
    { batchSize: 1, localConcurrency: options.concurrency ?? 2, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (job) await processWebhookJob(job.data);
    },
  );
}
