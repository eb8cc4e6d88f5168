import { QUEUES, queue } from "../../app/queue.server";
import { processWebhookJob, type WebhookJob } from "../../app/jobs/process-webhook.server";

/** Drains the webhook queue through the real job code, the way the worker does, until it is empty. */
export async function drainWebhookQueue(): Promise<number> {
  const boss = await queue();
  let processed = 0;
  for (;;) {
    const jobs = await boss.fetch<WebhookJob>(QUEUES.webhooks, { batchSize: 50 });
    if (!jobs.length) return processed;
    for (const job of jobs) {
      await processWebhookJob(job.data);
      await boss.complete(QUEUES.webhooks, job.id);
      processed++;
    }
  }
}
