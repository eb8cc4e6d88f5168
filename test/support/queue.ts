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

/**
 * Runs the due jobs of one queue whose shop starts with `shopPrefix`, through `run`, until none are
 * left, and removes each after it ran. Test files share the database and run at once: taking
 * another file's jobs off a queue (boss.fetch takes any) would run them here and starve that file.
 */
export async function drainShopJobs<T extends { shop: string }>(name: string, shopPrefix: string, run: (data: T) => Promise<unknown>): Promise<T[]> {
  const prisma = (await import("../../app/db.server")).default;
  const seen: T[] = [];
  for (;;) {
    const jobs = await prisma.$queryRaw<{ id: string; data: T }[]>`
      SELECT id::text AS id, data FROM pgboss.job
      WHERE name = ${name} AND state = 'created' AND start_after <= now() AND data->>'shop' LIKE ${`${shopPrefix}%`}
      ORDER BY created_on LIMIT 10`;
    if (jobs.length === 0) return seen;
    for (const job of jobs) {
      await run(job.data);
      seen.push(job.data);
      await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = ${name} AND id = ${job.id}::uuid`;
    }
  }
}
