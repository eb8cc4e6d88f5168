import type { PoolClient } from "pg";
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

const keyOf = (shop: string, topic: string, dedupeKey: string) => `${shop}\u0000${topic}\u0000${dedupeKey}`;
export const dedupeKeyOf = (w: IncomingWebhook) => w.eventId ?? w.webhookId;

/**
 * Inserts the deliveries that are new, in one statement, and counts the others as duplicates.
 * Raw bodies go into jsonb as text: Postgres keeps numbers exactly, where JSON.parse would round ids
 * above 2^53. Returns, per delivery, the new row id or null for a duplicate (of a stored event or of
 * an earlier delivery in the same batch). Plain pg, not Prisma: this is the intake hot path.
 */
export async function insertWebhookEvents(client: PoolClient, ws: IncomingWebhook[]): Promise<(string | null)[]> {
  // The bodies travel as one jsonb array built from the raw texts (each already parsed once by the
  // library, so valid JSON): pg would otherwise escape every character of every body as an array
  // element, which costs more than the insert itself.
  const bodies = `[${ws.map((w) => w.rawBody).join(",")}]`;
  const { rows } = await client.query<{ id: string; shop: string; topic: string; dedupeKey: string }>(
    `INSERT INTO "WebhookEvent" (id, shop, topic, "dedupeKey", "eventId", "webhookId", "apiVersion", "triggeredAt", payload)
     SELECT gen_random_uuid(), t.shop, t.topic, t.key, t.event_id, t.webhook_id, t.api_version, t.triggered_at, b.body
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
            WITH ORDINALITY AS t(shop, topic, key, event_id, webhook_id, api_version, triggered_at, n)
     JOIN jsonb_array_elements($8::jsonb) WITH ORDINALITY AS b(body, n) USING (n)
     ON CONFLICT (shop, topic, "dedupeKey") DO NOTHING
     RETURNING id, shop, topic, "dedupeKey"`,
    [
      ws.map((w) => w.shop),
      ws.map((w) => w.topic),
      ws.map(dedupeKeyOf),
      ws.map((w) => w.eventId),
      ws.map((w) => w.webhookId),
      ws.map((w) => w.apiVersion),
      ws.map((w) => w.triggeredAt?.toISOString() ?? null),
      bodies,
    ],
  );
  const inserted = new Map(rows.map((r) => [keyOf(r.shop, r.topic, r.dedupeKey), r.id]));
  const claimed = new Set<string>();
  const result = ws.map((w) => {
    const key = keyOf(w.shop, w.topic, dedupeKeyOf(w));
    const id = inserted.get(key);
    if (!id || claimed.has(key)) return null;
    claimed.add(key);
    return id;
  });
  const duplicates = ws.filter((_, i) => result[i] === null);
  if (duplicates.length) {
    await client.query(
      `UPDATE "WebhookEvent" e SET duplicates = e.duplicates + d.n
       FROM (SELECT shop, topic, key, count(*)::int AS n FROM unnest($1::text[], $2::text[], $3::text[]) AS u(shop, topic, key)
             GROUP BY shop, topic, key) d
       WHERE e.shop = d.shop AND e.topic = d.topic AND e."dedupeKey" = d.key`,
      [duplicates.map((w) => w.shop), duplicates.map((w) => w.topic), duplicates.map(dedupeKeyOf)],
    );
  }
  return result;
}

/** Marks the event processed; false when another attempt already did, or it was redacted first. */
export async function claimForProcessing(tx: Tx, id: string): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "WebhookEvent" SET status = 'processed', "processedAt" = now(), attempts = attempts + 1, error = NULL
    WHERE id = ${id}::uuid AND status IN ('received', 'failed')`;
  return n === 1;
}

export async function recordFailure(id: string, message: string): Promise<void> {
  await prisma.webhookEvent.updateMany({
    where: { id, status: { in: ["received", "failed"] } },
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
