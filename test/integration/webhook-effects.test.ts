import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { callAction, webhookRoute } from "../support/routes";
import { sampleBodies, webhookRequest } from "../support/webhook-request";
import { drainWebhookQueue } from "../support/queue";
import { shuffled } from "../support/shuffle";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";

// Shopify's samples describe unrelated customers; tie them to one customer so effects can be followed.
const CUSTOMER_ID = "706405506930370084";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const EMAIL = "bob@biller.com";
const ORDER_GID = "gid://shopify/Order/820982911946154508";
const bodies = new Map(sampleBodies().map((s) => [s.topic, s.body]));
const body = (topic: string) => bodies.get(topic)!;
const orderBody = body("orders/create").replaceAll("115310627314723954", CUSTOMER_ID);
const redactBody = (topic: string) => body(topic).replaceAll("191167", CUSTOMER_ID).replaceAll("john@example.com", EMAIL);

type Delivery = { topic: string; body: string; eventId: string };
const delivery = (topic: string, b = body(topic)): Delivery => ({ topic, body: b, eventId: randomUUID() });

async function post(shop: string, d: Delivery) {
  const res = await callAction(await webhookRoute(d.topic), webhookRequest({ topic: d.topic, shop, body: d.body, eventId: d.eventId }));
  expect(res.status, `${d.topic} answered ${res.status}`).toBe(200);
}

const newShop = (name: string) => `${name}-${randomUUID().slice(0, 8)}.myshopify.com`;

describe("webhook effects", () => {
  afterAll(async () => {
    await stopQueue();
  });

  it("three shuffled replays of every delivery have one effect each", async () => {
    const shop = newShop("effects");
    const deliveries = [
      delivery("customers/create"),
      delivery("customers/update"),
      delivery("orders/create", orderBody),
      delivery("orders/paid", body("orders/paid").replaceAll("115310627314723954", CUSTOMER_ID)),
      delivery("orders/updated", orderBody),
      delivery("carts/create"),
      delivery("carts/update"),
      delivery("checkouts/create"),
      delivery("checkouts/update"),
    ];
    const all = shuffled([...deliveries, ...deliveries, ...deliveries], 7);
    for (const d of all) await post(shop, d);
    expect(await prisma.webhookEvent.count({ where: { shop } })).toBe(deliveries.length);
    await drainWebhookQueue();

    const events = await prisma.webhookEvent.findMany({ where: { shop } });
    expect(events.every((e) => e.status === "processed")).toBe(true);
    expect(events.reduce((n, e) => n + e.duplicates, 0)).toBe(deliveries.length * 2);

    const customers = await prisma.customer.findMany({ where: { shop } });
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ shopifyGid: CUSTOMER_GID, email: EMAIL });
    const orders = await prisma.order.findMany({ where: { shop } });
    expect(orders).toHaveLength(1);
    expect(orders[0]!.shopifyGid).toBe(ORDER_GID);
    expect(orders[0]!.paidAt).not.toBeNull();
    expect(orders[0]!.totalPrice.toString()).toBe("404.95");
    expect(await prisma.cart.count({ where: { shop } })).toBe(1);
    expect(await prisma.checkout.count({ where: { shop } })).toBe(1);
  });

  it("counts an order toward its customer once, however often it arrives", async () => {
    const shop = newShop("counters");
    await post(shop, delivery("customers/create"));
    await drainWebhookQueue();
    const create = delivery("orders/create", orderBody);
    const updated = delivery("orders/updated", orderBody);
    for (const d of shuffled([create, create, updated, create, updated], 3)) await post(shop, d);
    await drainWebhookQueue();
    const c = await prisma.customer.findFirstOrThrow({ where: { shop } });
    expect(c.ordersCount).toBe(1);
    expect(c.amountSpent.toString()).toBe("404.95");
  });

  it("an older update arriving late does not overwrite a newer one", async () => {
    const shop = newShop("order");
    const newer = orderBody
      .replace(/"updated_at": *"[^"]+"/, '"updated_at": "2022-01-05T10:00:00-05:00"')
      .replace(/"financial_status": *"[^"]+"/, '"financial_status": "refunded"');
    await post(shop, delivery("orders/updated", newer));
    await post(shop, delivery("orders/create", orderBody));
    await drainWebhookQueue();
    const order = await prisma.order.findFirstOrThrow({ where: { shop } });
    expect(order.financialStatus).toBe("refunded");
  });

  it("customers/data_request exports what we hold; customers/redact erases it everywhere", async () => {
    const shop = newShop("privacy");
    await post(shop, delivery("customers/create"));
    await post(shop, delivery("orders/create", orderBody));
    await drainWebhookQueue();
    const subject = { provider: "hubspot", customerGid: CUSTOMER_GID, fromTier: "gold", toTier: "silver" };
    await prisma.crmSyncItem.create({ data: { shop, provider: "hubspot", customerGid: CUSTOMER_GID, email: EMAIL, payload: { email: EMAIL }, payloadHash: "h", tier: "silver", status: "review" } });
    await prisma.approval.create({
      data: { shop, kind: "crm_tier_change", subject, workflow: "customer_nba", actionType: "crm_tier_change", proposedAction: { type: "crm_tier_change", ...subject }, status: "pending", cartValueMinor: 0, discountMinor: 0, reasons: [`${CUSTOMER_GID} has a ticket`], expiresAt: new Date(Date.now() + 86_400_000) },
    });
    await post(shop, delivery("customers/data_request", redactBody("customers/data_request")));
    await drainWebhookQueue();
    const exported = await prisma.dataExport.findFirstOrThrow({ where: { shop } });
    expect(exported.requestId).toBe("9999");
    expect(JSON.stringify(exported.data)).toContain(EMAIL);
    expect(JSON.stringify(exported.data)).toContain(ORDER_GID);
    expect((exported.data as { crmSync: { provider: string }[] }).crmSync).toMatchObject([{ provider: "hubspot", status: "review" }]);

    await post(shop, delivery("customers/redact", redactBody("customers/redact")));
    await drainWebhookQueue();
    const customer = await prisma.customer.findFirstOrThrow({ where: { shop } });
    expect(customer).toMatchObject({ email: null, firstName: null, lastName: null, phone: null });
    expect(customer.redactedAt).not.toBeNull();
    expect((await prisma.order.findFirstOrThrow({ where: { shop } })).email).toBeNull();
    expect(await prisma.dataExport.count({ where: { shop } })).toBe(0);
    expect(await prisma.crmSyncItem.count({ where: { shop } })).toBe(0);
    expect(JSON.stringify(await prisma.approval.findMany({ where: { shop } }))).not.toContain(CUSTOMER_ID);
    const leaks = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "WebhookEvent" WHERE shop = ${shop} AND (payload::text LIKE ${`%${EMAIL}%`} OR payload::text LIKE ${`%${CUSTOMER_ID}%`})`;
    expect(Number(leaks[0]!.n)).toBe(0);
    // A late customers/update must not bring the e-mail back.
    await post(shop, delivery("customers/update", body("customers/update").replace(/"updated_at": *"[^"]+"/, '"updated_at": "2030-01-01T00:00:00Z"')));
    await drainWebhookQueue();
    expect((await prisma.customer.findFirstOrThrow({ where: { shop } })).email).toBeNull();
  });

  it("a redaction that overtakes a pending delivery drops it instead of failing it", async () => {
    const shop = newShop("overtaken");
    await post(shop, delivery("orders/create", orderBody));
    // The redaction is processed first: the order's stored payload no longer holds the customer.
    const boss = await (await import("../../app/queue.server")).queue();
    const [orderJob] = await boss.fetch("webhooks", { batchSize: 1 });
    await post(shop, delivery("customers/redact", redactBody("customers/redact")));
    await drainWebhookQueue();
    const { processWebhookJob } = await import("../../app/jobs/process-webhook.server");
    expect(await processWebhookJob(orderJob!.data as never)).toBe("skipped");
    await boss.complete("webhooks", orderJob!.id);
    const statuses = await prisma.webhookEvent.findMany({ where: { shop }, select: { topic: true, status: true } });
    expect(statuses).toEqual(expect.arrayContaining([{ topic: "orders/create", status: "redacted" }, { topic: "customers/redact", status: "processed" }]));
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
  });

  it.each(["app/uninstalled", "shop/redact"])("%s deletes that shop's data and only that shop's", async (topic) => {
    const gone = newShop("gone");
    const kept = newShop("kept");
    for (const shop of [gone, kept]) {
      await post(shop, delivery("customers/create"));
      await post(shop, delivery("orders/create", orderBody));
      await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x" } });
      await prisma.crmConnection.create({ data: { shop, provider: "hubspot", status: "connected", config: {}, sealedSecret: "v1.x.y.z.w" } });
      await prisma.crmSyncItem.create({ data: { shop, provider: "hubspot", customerGid: CUSTOMER_GID, email: EMAIL, payload: {}, payloadHash: "h", tier: "gold", status: "pending" } });
      await prisma.backfillRun.create({ data: { shop, status: "completed" } });
    }
    await drainWebhookQueue();
    await post(gone, delivery(topic));
    await drainWebhookQueue();
    for (const table of ["customer", "order", "session", "crmConnection", "crmSyncItem", "backfillRun"] as const) {
      // @ts-expect-error same where-shape on each delegate
      expect(await prisma[table].count({ where: { shop: gone } }), `${table} of the erased shop`).toBe(0);
      // @ts-expect-error same where-shape on each delegate
      expect(await prisma[table].count({ where: { shop: kept } }), `${table} of the other shop`).toBe(1);
    }
    expect(await prisma.webhookEvent.count({ where: { shop: gone } })).toBe(1); // the erasure's own record
    expect(await prisma.webhookEvent.count({ where: { shop: kept } })).toBe(2);
  });
});
