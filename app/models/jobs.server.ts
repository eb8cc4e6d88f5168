import prisma from "../db.server";
import { QUEUES } from "../queue.server";

// Read-only views of pg-boss's job table for the admin, always filtered by the shop the job carries.

export type QueueSummary = { waiting: number; active: number; retrying: number; failed: number; deadLettered: number };

export async function queueSummary(shop: string): Promise<QueueSummary> {
  const rows = await prisma.$queryRaw<{ name: string; state: string; n: bigint }[]>`
    SELECT name, state::text AS state, count(*) AS n FROM pgboss.job
    WHERE data->>'shop' = ${shop} AND name IN (${QUEUES.webhooks}, ${QUEUES.webhooksDead})
    GROUP BY name, state`;
  const count = (name: string, state: string) =>
    Number(rows.find((r) => r.name === name && r.state === state)?.n ?? 0);
  return {
    waiting: count(QUEUES.webhooks, "created"),
    active: count(QUEUES.webhooks, "active"),
    retrying: count(QUEUES.webhooks, "retry"),
    failed: count(QUEUES.webhooks, "failed"),
    deadLettered: count(QUEUES.webhooksDead, "created"),
  };
}

export type FailedJob = { id: string; topic: string; eventId: string; retryCount: number; failedAt: Date | null; error: string | null };

export async function failedJobs(shop: string, take = 20): Promise<FailedJob[]> {
  const rows = await prisma.$queryRaw<
    { id: string; topic: string | null; eventId: string | null; retry_count: number; completed_on: Date | null; error: string | null }[]
  >`
    SELECT id::text AS id, data->>'topic' AS topic, data->>'eventId' AS "eventId", retry_count, completed_on,
           coalesce(output->>'message', output::text) AS error
    FROM pgboss.job
    WHERE name = ${QUEUES.webhooks} AND state = 'failed' AND data->>'shop' = ${shop}
    ORDER BY completed_on DESC NULLS LAST LIMIT ${take}`;
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic ?? "",
    eventId: r.eventId ?? "",
    retryCount: r.retry_count,
    failedAt: r.completed_on,
    error: r.error,
  }));
}

export async function failedJobBelongsTo(shop: string, jobId: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pgboss.job
    WHERE id = ${jobId}::uuid AND name = ${QUEUES.webhooks} AND state = 'failed' AND data->>'shop' = ${shop}`;
  return Number(rows[0]?.n ?? 0) === 1;
}
