import prisma, { type Tx } from "../db.server";

export type IncomingWebhook = {
  shop: string;
  topic: string; // as Shopify sends it in X-Shopify-Topic, e.g. "orders/create"
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: Date | null;
  rawBody: string;
};

/**
 * Inserts the delivery unless this (shop, topic, event) is already stored. The raw body goes into
 * jsonb as text: Postgres keeps numbers exactly, where JSON.parse would round ids above 2^53.
 * Returns the new row id, or null for a duplicate.
 */
export async function insertWebhookEvent(tx: Tx, w: IncomingWebhook): Promise<string | null> {
  const dedupeKey = w.eventId ?? w.webhookId;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "WebhookEvent" (id, shop, topic, "dedupeKey", "eventId", "webhookId", "apiVersion", "triggeredAt", payload)
    VALUES (gen_random_uuid(), ${w.shop}, ${w.topic}, ${dedupeKey}, ${w.eventId}, ${w.webhookId}, ${w.apiVersion},
            ${w.triggeredAt}, ${w.rawBody}::jsonb)
    ON CONFLICT (shop, topic, "dedupeKey") DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export async function countDuplicate(w: IncomingWebhook): Promise<void> {
  await prisma.webhookEvent.updateMany({
    where: { shop: w.shop, topic: w.topic, dedupeKey: w.eventId ?? w.webhookId },
    data: { duplicates: { increment: 1 } },
  });
}

/** Marks the event processed; false when another attempt already did (so the effect is skipped). */
export async function claimForProcessing(tx: Tx, id: string): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "WebhookEvent" SET status = 'processed', "processedAt" = now(), attempts = attempts + 1, error = NULL
    WHERE id = ${id}::uuid AND status <> 'processed'`;
  return n === 1;
}

export async function recordFailure(id: string, message: string): Promise<void> {
  await prisma.webhookEvent.updateMany({
    where: { id, status: { not: "processed" } },
    data: { status: "failed", error: message.slice(0, 2000), attempts: { increment: 1 } },
  });
}

export async function loadEvent(tx: Tx, id: string) {
  return tx.webhookEvent.findUnique({ where: { id } });
}

/** The stored payload, parsed so that integers beyond 2^53 (Shopify ids) stay exact, as strings. */
export async function loadPayload(tx: Tx, id: string): Promise<unknown> {
  const rows = await tx.$queryRaw<{ v: string }[]>`SELECT payload::text AS v FROM "WebhookEvent" WHERE id = ${id}::uuid`;
  if (!rows[0]) return null;
  return parseLossless(rows[0].v);
}

export function parseLossless(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source
      ? context.source
      : value,
  );
}

export async function eventsPerTopic(shop: string) {
  const rows = await prisma.webhookEvent.groupBy({
    by: ["topic", "status"],
    where: { shop },
    _count: { _all: true },
    _sum: { duplicates: true },
  });
  return rows.map((r) => ({ topic: r.topic, status: r.status, count: r._count._all, duplicates: r._sum.duplicates ?? 0 }));
}

export async function latestEvents(shop: string, take = 20) {
  return prisma.webhookEvent.findMany({
    where: { shop },
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, topic: true, status: true, receivedAt: true, processedAt: true, duplicates: true, error: true, webhookId: true },
  });
}
