import { eventsPerTopic, latestEvents } from "../models/webhook-event.server";
import { failedJobBelongsTo, failedJobs, queueSummary } from "../models/jobs.server";
import { recordAudit } from "../models/audit.server";
import prisma from "../db.server";
import { QUEUES, queue } from "../queue.server";

export async function dashboardData(shop: string) {
  const [topics, latest, jobs, failed] = await Promise.all([
    eventsPerTopic(shop),
    latestEvents(shop, 15),
    queueSummary(shop),
    failedJobs(shop, 10),
  ]);
  const perTopic = new Map<string, { topic: string; received: number; processed: number; failed: number; duplicates: number }>();
  for (const row of topics) {
    const entry = perTopic.get(row.topic) ?? { topic: row.topic, received: 0, processed: 0, failed: 0, duplicates: 0 };
    entry.received += row.count;
    entry.duplicates += row.duplicates;
    if (row.status === "processed") entry.processed += row.count;
    if (row.status === "failed") entry.failed += row.count;
    perTopic.set(row.topic, entry);
  }
  return {
    topics: [...perTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    latest: latest.map((e) => ({ ...e, receivedAt: e.receivedAt.toISOString(), processedAt: e.processedAt?.toISOString() ?? null })),
    queue: jobs,
    failed: failed.map((f) => ({ ...f, failedAt: f.failedAt?.toISOString() ?? null })),
  };
}

/** Sends a failed job back to the queue, if it belongs to this shop. */
export async function retryFailedJob(shop: string, jobId: string, actorId: string | undefined): Promise<boolean> {
  if (!(await failedJobBelongsTo(shop, jobId))) return false;
  const boss = await queue();
  await boss.retry(QUEUES.webhooks, jobId);
  await recordAudit(prisma, { shop, event: "queue.job_retried", actor: "user", actorId, entity: jobId });
  return true;
}
