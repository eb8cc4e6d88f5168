import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAction, webhookRoute } from "../support/routes";
import { sampleBodies, webhookRequest } from "../support/webhook-request";
import { drainWebhookQueue } from "../support/queue";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";

const shop = `intake-${randomUUID().slice(0, 8)}.myshopify.com`;
const samples = sampleBodies();

async function stored(topic: string) {
  return prisma.webhookEvent.count({ where: { shop, topic } });
}

describe("webhook intake", () => {
  beforeAll(async () => {
    await prisma.webhookEvent.deleteMany({ where: { shop } });
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("has the twelve published sample topics", () => {
    expect(samples.map((s) => s.topic).sort()).toHaveLength(12);
  });

  it.each(samples)("$topic: valid HMAC → 200 and exactly one stored event; replay → 200, still one", async ({ topic, body }) => {
    const action = await webhookRoute(topic);
    const eventId = randomUUID();
    const first = await callAction(action, webhookRequest({ topic, shop, body, eventId }));
    expect(first.status).toBe(200);
    expect(await stored(topic)).toBe(1);
    // Shopify's retry: same event, a new delivery.
    const again = await callAction(action, webhookRequest({ topic, shop, body, eventId }));
    expect(again.status).toBe(200);
    expect(await stored(topic)).toBe(1);
    const row = await prisma.webhookEvent.findFirstOrThrow({ where: { shop, topic } });
    expect(row.duplicates).toBe(1);
    expect(row.eventId).toBe(eventId);
  });

  it.each(samples)("$topic: tampered body, wrong secret or no HMAC → 401 and nothing stored", async ({ topic, body }) => {
    const action = await webhookRoute(topic);
    const otherShop = `tamper-${randomUUID().slice(0, 8)}.myshopify.com`;
    const good = webhookRequest({ topic, shop: otherShop, body });
    const signature = good.headers.get("X-Shopify-Hmac-Sha256")!;
    const tampered = body.replace(/"/, '"x') ;
    expect((await callAction(action, webhookRequest({ topic, shop: otherShop, body: tampered, signature }))).status).toBe(401);
    expect((await callAction(action, webhookRequest({ topic, shop: otherShop, body, secret: "not-the-secret" }))).status).toBe(401);
    // The library answers a missing HMAC with 400 (missing header) before looking at anything else.
    expect((await callAction(action, webhookRequest({ topic, shop: otherShop, body, signature: null }))).status).toBe(400);
    expect(await prisma.webhookEvent.count({ where: { shop: otherShop } })).toBe(0);
  });

  it("falls back to X-Shopify-Webhook-Id when there is no Event-Id", async () => {
    const { topic, body } = samples.find((s) => s.topic === "customers/create")!;
    const action = await webhookRoute(topic);
    const s2 = `noevent-${randomUUID().slice(0, 8)}.myshopify.com`;
    const webhookId = randomUUID();
    for (let i = 0; i < 2; i++) {
      const res = await callAction(action, webhookRequest({ topic, shop: s2, body, eventId: null, webhookId }));
      expect(res.status).toBe(200);
    }
    const rows = await prisma.webhookEvent.findMany({ where: { shop: s2 } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dedupeKey).toBe(webhookId);
  });

  it("rejects a delivery sent to another topic's route, storing nothing", async () => {
    const { body } = samples.find((s) => s.topic === "orders/create")!;
    const action = await webhookRoute("customers/create");
    const s3 = `wrongroute-${randomUUID().slice(0, 8)}.myshopify.com`;
    const res = await callAction(action, webhookRequest({ topic: "orders/create", shop: s3, body }));
    expect(res.status).toBe(400);
    expect(await prisma.webhookEvent.count({ where: { shop: s3 } })).toBe(0);
  });

  it("keeps ids above 2^53 exact in the stored payload", async () => {
    const topic = "orders/create";
    const body = samples.find((s) => s.topic === topic)!.body.replace(/"id": *\d+/, '"id": 9007199254740993123');
    const s4 = `bigint-${randomUUID().slice(0, 8)}.myshopify.com`;
    const res = await callAction(await webhookRoute(topic), webhookRequest({ topic, shop: s4, body }));
    expect(res.status).toBe(200);
    const [row] = await prisma.$queryRaw<{ id: string }[]>`SELECT payload->>'id' AS id FROM "WebhookEvent" WHERE shop = ${s4}`;
    expect(row!.id).toBe("9007199254740993123");
  });

  it("enqueued exactly one job per stored event, in the same transaction", async () => {
    const rows = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = 'webhooks' AND data->>'shop' = ${shop}`;
    expect(Number(rows[0]!.n)).toBe(12);
    const events = await prisma.webhookEvent.findMany({ where: { shop }, select: { id: true } });
    const jobs = await prisma.$queryRaw<{ eventId: string }[]>`
      SELECT data->>'eventId' AS "eventId" FROM pgboss.job WHERE name = 'webhooks' AND data->>'shop' = ${shop}`;
    expect(jobs.map((j) => j.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    await drainWebhookQueue();
  });
});
