import { randomUUID } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { AdminGraphql } from "../../app/integrations/shopify-admin.server";
import { runBackfillImportJob, runBackfillJob } from "../../app/jobs/backfill.server";
import { QUEUES, queue, stopQueue } from "../../app/queue.server";
import * as customersRoute from "../../app/routes/app.customers";
import { backfillGaveUp, backfillOnInstall, requestBackfill, startBackfill, type BackfillImportJob, type BackfillJob } from "../../app/services/backfill.server";
import { backfillView } from "../../app/services/customer-pages.server";
import { unauthenticated } from "../../app/shopify.server";
import { generateStore } from "../../tools/local-shopify/generate-store";
import type { BulkOperation } from "../../tools/local-shopify/model";
import type { Store } from "../../tools/local-shopify/store";
import { buildDelivery, type TopicResources, type WebhookTopic } from "../../tools/local-shopify/webhooks";
import { adminRequest, installShop } from "../support/admin-request";
import { localShopify } from "../support/local-shopify";
import { drainWebhookQueue } from "../support/queue";
import { callAction, webhookRoute } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";
import { webhookRequest } from "../support/webhook-request";

// Backfill from the Admin API against the local Shopify: the official client runs the bulk
// queries, the local Shopify's bulk_operations/finish event is delivered to the real webhook route,
// the real job code imports the JSONL file it serves, and the rows are compared with its store.

const NOW = Date.UTC(2026, 10, 1);
const finished: { shop: string; op: BulkOperation }[] = [];
let stopListening: () => void;

async function newShop(name: string, size: { customerCount?: number; productCount?: number; years?: number } = {}) {
  const shop = `${name}-${randomUUID().slice(0, 8)}.myshopify.com`;
  const store = generateStore({ domain: shop, seed: 20261123, now: NOW, ...size });
  localShopify().stores.set(shop, store);
  await installShop(shop);
  const { admin } = await unauthenticated.admin(shop);
  return { shop, store, graphql: admin.graphql as AdminGraphql };
}

/** Posts a webhook for `resource` to the app's route for `topic`, signed, as Shopify delivers it. */
async function deliver<T extends WebhookTopic>(shop: string, store: Store, topic: T, resource: TopicResources[T], eventId?: string) {
  const d = buildDelivery(topic, resource, shop, { currency: store.shop.currencyCode, timeZone: store.shop.ianaTimezone, eventId });
  const res = await callAction(await webhookRoute(topic), webhookRequest({ topic, shop, body: d.body, eventId: d.eventId }));
  expect(res.status, `${topic} answered ${res.status}`).toBe(200);
  return d.eventId!;
}

/** The finish events the local Shopify emitted for `shop`, oldest first. */
const finishes = (shop: string) => finished.filter((f) => f.shop === shop).map((f) => f.op);

/** Runs the backfill's queued jobs through the real job code, as the worker would, until none is due. */
async function drainBackfill(): Promise<string[]> {
  const boss = await queue();
  const errors: string[] = [];
  for (;;) {
    let ran = 0;
    for (const job of await boss.fetch<BackfillJob>(QUEUES.backfill, { batchSize: 10 })) {
      ran++;
      try {
        await runBackfillJob(job.data);
        await boss.complete(QUEUES.backfill, job.id);
      } catch (error) {
        errors.push((error as Error).message);
        await boss.fail(QUEUES.backfill, job.id, { message: (error as Error).message });
      }
    }
    for (const job of await boss.fetch<BackfillImportJob>(QUEUES.backfillImport, { batchSize: 10 })) {
      ran++;
      try {
        await runBackfillImportJob(job.data);
        await boss.complete(QUEUES.backfillImport, job.id);
      } catch (error) {
        errors.push((error as Error).message);
        await boss.fail(QUEUES.backfillImport, job.id, { message: (error as Error).message });
      }
    }
    for (const job of await boss.fetch<BackfillJob>(QUEUES.backfillDead, { batchSize: 10 })) {
      ran++;
      await backfillGaveUp(job.data);
      await boss.complete(QUEUES.backfillDead, job.id);
    }
    if (ran === 0) return errors;
  }
}

/** Delivers bulk_operations/finish for the shop's newest export and runs what it queues. */
async function finishLatestExport(shop: string, store: Store): Promise<string[]> {
  const op = finishes(shop).at(-1)!;
  await deliver(shop, store, "bulk_operations/finish", op);
  await drainWebhookQueue();
  return drainBackfill();
}

/** Keeps running due backfill jobs (retries wait out their delay) until the run reaches `status`. */
async function waitForRun(shop: string, status: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await runOf(shop)).status !== status) {
    if (Date.now() > deadline) throw new Error(`run of ${shop} is ${(await runOf(shop)).status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await drainBackfill()).toEqual([]);
  }
}

/** As waitForRun, for runs whose jobs are expected to fail on the way. */
async function waitForRunErrors(shop: string, status: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await runOf(shop)).status !== status) {
    if (Date.now() > deadline) throw new Error(`run of ${shop} is ${(await runOf(shop)).status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 300));
    await drainBackfill();
  }
}

const runOf = async (shop: string) => prisma.backfillRun.findFirstOrThrow({ where: { shop }, orderBy: { startedAt: "desc" } });

async function expectMirrors(shop: string, store: Store) {
  expect(await prisma.customer.count({ where: { shop } })).toBe(store.customers.length);
  expect(await prisma.order.count({ where: { shop } })).toBe(store.orders.length);
  const customers = await prisma.customer.findMany({ where: { shop }, select: { shopifyGid: true, email: true, ordersCount: true, amountSpent: true } });
  const byGid = new Map(customers.map((c) => [c.shopifyGid, c]));
  // Each order counted toward its customer exactly once, by the same path the webhooks take.
  for (const c of store.customers) {
    const row = byGid.get(c.id);
    expect(row, c.id).toBeDefined();
    expect(row!.email).toBe(c.email);
    expect(row!.ordersCount, c.id).toBe(store.ordersOf(c.id).length);
    const spent = store.ordersOf(c.id).reduce((n, o) => n + Math.round(Number(o.totalPrice) * 100), 0);
    expect(Math.round(Number(row!.amountSpent) * 100), c.id).toBe(spent);
  }
}

beforeAll(() => {
  stopListening = localShopify().listen((shop, topic, resource) => {
    if (topic === "bulk_operations/finish") finished.push({ shop, op: { ...(resource as BulkOperation) } });
  });
});

afterAll(async () => {
  stopListening();
  await stopQueue();
});

describe("backfill from the Admin API", () => {
  it("imports every customer and order of a demo-sized store exactly once, with progress, then queues scoring", { timeout: 600_000 }, async () => {
    const { shop, store, graphql } = await newShop("backfill-demo");
    expect(store.customers.length).toBe(3000);

    const started = await startBackfill(shop, graphql, { by: { actor: "user", actorId: "42" } });
    expect(started.ok).toBe(true);
    const [customersOp] = finishes(shop);
    expect(customersOp).toMatchObject({ status: "COMPLETED", rootObjectCount: store.customers.length });
    expect(await runOf(shop)).toMatchObject({ status: "running", operationId: customersOp!.id, importedCount: 0 });

    // A second start while one runs is refused, and names the run that is going.
    const again = await startBackfill(shop, graphql);
    expect(again).toEqual({ ok: false, reason: "already_running", runId: (await runOf(shop)).id });
    expect(await prisma.backfillRun.count({ where: { shop } })).toBe(1);

    expect(await finishLatestExport(shop, store)).toEqual([]);
    let run = await runOf(shop);
    const ordersOp = finishes(shop)[1]!;
    expect(ordersOp.query).toContain("UpliftBackfillOrders");
    expect(run).toMatchObject({ status: "running", operationId: ordersOp.id, importedCount: 3000, objectCount: 3000 });
    expect(await prisma.customer.count({ where: { shop } })).toBe(3000);

    // The orders import, watched as the admin page watches it.
    const seen: { status: string; imported: number; total: number }[] = [];
    let importing = true;
    const watch = (async () => {
      while (importing) {
        const view = await backfillView(shop);
        if (view) seen.push({ status: view.status, imported: view.importedCount, total: view.objectCount });
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const errors = await finishLatestExport(shop, store).finally(() => (importing = false));
    await watch;
    expect(errors).toEqual([]);

    const total = store.customers.length + store.orders.length;
    const during = seen.filter((s) => s.status === "importing");
    expect(during.length).toBeGreaterThan(2);
    expect(during.every((s) => s.total === total)).toBe(true);
    const counts = [...new Set(during.map((s) => s.imported))];
    expect(counts.length).toBeGreaterThan(2);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts[0]).toBeGreaterThanOrEqual(3000);
    expect(counts.at(-1)).toBeLessThanOrEqual(total);

    run = await runOf(shop);
    expect(run).toMatchObject({ status: "completed", importedCount: total, objectCount: total, error: null });
    expect(run.finishedAt).not.toBeNull();
    await expectMirrors(shop, store);

    // Rows the webhooks would have written: refunds in the current subtotal, line items with product type.
    const refunded = store.orders.find((o) => o.financialStatus === "PARTIALLY_REFUNDED")!;
    const row = await prisma.order.findUniqueOrThrow({ where: { shop_shopifyGid: { shop, shopifyGid: refunded.id } } });
    expect(row).toMatchObject({ financialStatus: "partially_refunded", customerGid: refunded.customerId, name: refunded.name });
    expect(Number(row.currentSubtotalPrice)).toBeCloseTo(Math.max(0, Number(refunded.subtotalPrice) - Number(refunded.totalRefunded)), 2);
    const [line] = row.lineItems as { id: string; productId: string; variantId: string; productType: string | null; quantity: number }[];
    const source = refunded.lineItems[0]!;
    expect(line).toMatchObject({ id: source.id, productId: source.productId.split("/").pop(), variantId: source.variantId.split("/").pop(), quantity: source.quantity });
    expect(line!.productType).toBe(store.product(source.productId)!.productType);

    const audits = await prisma.auditLog.findMany({ where: { shop, event: { startsWith: "backfill." } }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.event, a.actor])).toEqual([["backfill.started", "user"], ["backfill.completed", "system"]]);
    expect(audits[1]!.after).toEqual({ customers: store.customers.length, orders: store.orders.length });
    const scoring = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${QUEUES.scoreShop} AND data->>'shop' = ${shop}`;
    expect(Number(scoring[0]!.n)).toBe(1);
  });

  it("resumes an import stopped midway without storing or counting anything twice, and a re-run changes nothing", { timeout: 300_000 }, async () => {
    const { shop, store, graphql } = await newShop("backfill-crash", { customerCount: 400, productCount: 60 });
    expect((await startBackfill(shop, graphql)).ok).toBe(true);
    expect(await finishLatestExport(shop, store)).toEqual([]);
    const customers = store.customers.length;

    // The orders export is ready; its import job is stopped after a few chunks (as pg-boss aborts a
    // job whose claim it lost, or a worker shutting down): committed chunks stay, the rest does not.
    await deliver(shop, store, "bulk_operations/finish", finishes(shop).at(-1)!);
    await drainWebhookQueue();
    const boss = await queue();
    const [job] = await boss.fetch<BackfillImportJob>(QUEUES.backfillImport);
    const stop = new AbortController();
    const watch = (async () => {
      while (!stop.signal.aborted) {
        if ((await runOf(shop)).importedCount >= customers + 250) stop.abort(new Error("worker stopped"));
        else await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await expect(runBackfillImportJob(job!.data, stop.signal)).rejects.toThrow("worker stopped");
    await watch;
    await boss.fail(QUEUES.backfillImport, job!.id, { message: "worker stopped" });
    const stopped = await runOf(shop);
    expect(stopped).toMatchObject({ status: "importing", error: "worker stopped" });
    const ordersStored = await prisma.order.count({ where: { shop } });
    expect(ordersStored).toBeGreaterThanOrEqual(250);
    expect(ordersStored).toBeLessThan(store.orders.length);
    expect(stopped.importedCount).toBe(customers + ordersStored);

    // pg-boss retries the job after its retry delay; the retry picks up after the last chunk.
    await waitForRun(shop, "completed");
    const resumed = await runOf(shop);
    expect(resumed).toMatchObject({ importedCount: customers + store.orders.length, objectCount: customers + store.orders.length, error: null });
    await expectMirrors(shop, store);

    // A second backfill of the same history: every row is already there, no counter moves.
    expect((await startBackfill(shop, graphql)).ok).toBe(true);
    expect(await finishLatestExport(shop, store)).toEqual([]);
    expect(await finishLatestExport(shop, store)).toEqual([]);
    expect(await prisma.backfillRun.count({ where: { shop, status: "completed" } })).toBe(2);
    await expectMirrors(shop, store);
  });

  it("retries a download cut short, and the retry imports everything", { timeout: 120_000 }, async () => {
    const { shop, store, graphql } = await newShop("backfill-cut", { customerCount: 60, productCount: 20, years: 1 });
    await startBackfill(shop, graphql);
    const op = finishes(shop).at(-1)!;
    localShopify().interruptBulkDownload(shop, op.id, Math.floor(Buffer.byteLength(store.bulkResults.get(op.id)!) / 2));
    const errors = await finishLatestExport(shop, store);
    expect(errors).toHaveLength(1);
    expect(await runOf(shop)).toMatchObject({ status: "importing", importedCount: 0, error: errors[0] });
    expect(await prisma.customer.count({ where: { shop } })).toBe(0);
    await waitForRun(shop, "running"); // the retry imported the customers and started the orders export
    expect(await finishLatestExport(shop, store)).toEqual([]);
    expect((await runOf(shop)).status).toBe("completed");
    await expectMirrors(shop, store);
  });

  it("of two starts at the same moment, one runs and the other is refused", { timeout: 60_000 }, async () => {
    const { shop, graphql } = await newShop("backfill-race", { customerCount: 10, productCount: 5, years: 1 });
    const results = await Promise.all([startBackfill(shop, graphql), requestBackfill(shop, { actor: "system" }), startBackfill(shop, graphql)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const runId = (await runOf(shop)).id;
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: "already_running", runId },
      { ok: false, reason: "already_running", runId },
    ]);
    expect(await prisma.backfillRun.count({ where: { shop } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { shop, event: "backfill.started" } })).toBe(1);
  });

  it("starts once at install, for a shop never backfilled, and not when switched off", { timeout: 60_000 }, async () => {
    const { shop } = await newShop("backfill-install", { customerCount: 5, productCount: 3, years: 1 });
    expect(await backfillOnInstall(shop, false)).toBe(false);
    expect(await prisma.backfillRun.count({ where: { shop } })).toBe(0);
    expect(await backfillOnInstall(shop, true)).toBe(true);
    // A reinstall (another token exchange) does not start a second one.
    expect(await backfillOnInstall(shop, true)).toBe(false);
    expect(await prisma.backfillRun.findMany({ where: { shop }, select: { status: true } })).toEqual([{ status: "starting" }]);
  });

  it("completes from the delayed poll alone when no finish webhook arrives", { timeout: 120_000 }, async () => {
    const { shop, store, graphql } = await newShop("backfill-poll", { customerCount: 60, productCount: 20, years: 1 });
    const started = await startBackfill(shop, graphql);
    expect(started.ok).toBe(true);
    const pollJob = async () => {
      const rows = await prisma.$queryRaw<{ data: BackfillImportJob; wait: number }[]>`
        SELECT data, extract(epoch FROM start_after - now())::float8 AS wait FROM pgboss.job
        WHERE name = ${QUEUES.backfillImport} AND data->>'shop' = ${shop} AND state = 'created' ORDER BY created_on DESC LIMIT 1`;
      return rows[0]!;
    };
    // The fallback is a pg-boss job that starts later, not a loop: run it as the worker would once due.
    const first = await pollJob();
    expect(first.wait).toBeGreaterThan(2);
    expect(first.data).toMatchObject({ shop, operationId: finishes(shop)[0]!.id, poll: 0 });
    await runBackfillImportJob(first.data);
    const second = await pollJob();
    expect(second.data).toMatchObject({ operationId: finishes(shop)[1]!.id, poll: 0 });
    await runBackfillImportJob(second.data);
    expect((await runOf(shop)).status).toBe("completed");
    await expectMirrors(shop, store);
    // The first poll, run again late (as a duplicate would), finds the run moved on and does nothing.
    await runBackfillImportJob(first.data);
    expect(await prisma.backfillRun.count({ where: { shop } })).toBe(1);
  });

  it("fails the run, with Shopify's reason, when the export fails", { timeout: 120_000 }, async () => {
    const { shop, store, graphql } = await newShop("backfill-fail", { customerCount: 30, productCount: 10, years: 1 });
    await startBackfill(shop, graphql);
    const op = store.bulkOperations.get(finishes(shop)[0]!.id)!;
    Object.assign(op, { status: "FAILED", errorCode: "TIMEOUT" });
    expect(await finishLatestExport(shop, store)).toEqual([]);
    const run = await runOf(shop);
    expect(run.status).toBe("failed");
    expect(run.error).toContain("failed (timeout)");
    expect(await prisma.auditLog.count({ where: { shop, event: "backfill.failed" } })).toBe(1);
    expect((await backfillView(shop))).toMatchObject({ status: "failed", active: false });
    // A failed run no longer blocks a new one.
    expect((await startBackfill(shop, graphql)).ok).toBe(true);
  });

  it("a run whose start keeps failing ends failed, with the error, instead of blocking the shop", { timeout: 120_000 }, async () => {
    const { shop, graphql } = await newShop("backfill-dead", { customerCount: 10, productCount: 5, years: 1 });
    await prisma.session.deleteMany({ where: { shop } }); // no offline token: every attempt fails
    const requested = await requestBackfill(shop, { actor: "system" });
    expect(requested.ok).toBe(true);
    const first = await drainBackfill();
    expect(first).toHaveLength(1);
    expect(await runOf(shop)).toMatchObject({ status: "starting", error: first[0] });
    // The retry fails too; the queue gives up and the dead-letter job fails the run.
    await waitForRunErrors(shop, "failed");
    const run = await runOf(shop);
    expect(run.error).toContain("Gave up after repeated failures");
    expect(run.error).toContain(first[0]);
    expect(await prisma.auditLog.count({ where: { shop, event: "backfill.failed" } })).toBe(1);
    await installShop(shop);
    expect((await startBackfill(shop, graphql)).ok).toBe(true);
  });

  it("the Customers page starts a backfill, refuses a second, and shows its progress", { timeout: 120_000 }, async () => {
    const { shop, store } = await newShop("backfill-page", { customerCount: 80, productCount: 20, years: 1 });
    const post = async () => callAction(customersRoute.action, await staffRequest(shop, "7001", "/app/customers", formPost({ intent: "backfill" })));
    const load = async () => {
      const res = await customersRoute.loader({ request: await adminRequest(shop, "/app/customers"), params: {}, context: {} } as LoaderFunctionArgs);
      return (await res.json()) as { backfill: { status: string; active: boolean; importedCount: number; objectCount: number } | null };
    };
    expect((await load()).backfill).toBeNull();
    const first = await post();
    expect(first.status).toBe(202);
    expect((await load()).backfill).toMatchObject({ status: "starting", active: true });
    const second = await post();
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ intent: "backfill", ok: false, reason: "already_running" });

    expect(await drainBackfill()).toEqual([]); // the start job asks Shopify for the export
    expect((await load()).backfill).toMatchObject({ status: "running", active: true });
    expect(await finishLatestExport(shop, store)).toEqual([]);
    expect(await finishLatestExport(shop, store)).toEqual([]);
    const total = store.customers.length + store.orders.length;
    expect((await load()).backfill).toMatchObject({ status: "completed", active: false, importedCount: total, objectCount: total });
    const started = await prisma.auditLog.findFirstOrThrow({ where: { shop, event: "backfill.started" } });
    expect(started).toMatchObject({ actor: "user", actorId: "7001" });
  });
});

describe("refunds/create", () => {
  it("takes the refunded merchandise off the order's current subtotal once, however often it arrives", { timeout: 120_000 }, async () => {
    const { shop, store, graphql } = await newShop("refunds", { customerCount: 40, productCount: 20, years: 1 });
    await startBackfill(shop, graphql);
    await finishLatestExport(shop, store);
    await finishLatestExport(shop, store);
    const order = store.orders.find((o) => o.financialStatus === "PAID" && !o.cancelledAt && o.lineItems.some((l) => l.quantity >= 1))!;
    const before = await prisma.order.findUniqueOrThrow({ where: { shop_shopifyGid: { shop, shopifyGid: order.id } } });
    expect(Number(before.currentSubtotalPrice)).toBeCloseTo(Number(order.subtotalPrice), 2);

    const line = order.lineItems[0]!;
    const refund = store.refundOrder(order.id, [{ lineItemId: line.id, quantity: 1 }], new Date(NOW + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
    const eventId = await deliver(shop, store, "refunds/create", { refund, order });
    await drainWebhookQueue();
    const after = await prisma.order.findUniqueOrThrow({ where: { shop_shopifyGid: { shop, shopifyGid: order.id } } });
    const expected = Number(order.subtotalPrice) - Number(refund.lines[0]!.subtotal);
    expect(Number(after.currentSubtotalPrice)).toBeCloseTo(expected, 2);
    expect(after.shopifyUpdatedAt.toISOString()).toBe(new Date(refund.createdAt).toISOString());

    // The same delivery again (Shopify's retry): stored once, no effect.
    await deliver(shop, store, "refunds/create", { refund, order }, eventId);
    // The same refund as a separate event: the order already reflects it, nothing moves.
    await deliver(shop, store, "refunds/create", { refund, order });
    await drainWebhookQueue();
    const events = await prisma.webhookEvent.findMany({ where: { shop, topic: "refunds/create" } });
    expect(events).toHaveLength(2);
    expect(events.reduce((n, e) => n + e.duplicates, 0)).toBe(1);
    const again = await prisma.order.findUniqueOrThrow({ where: { shop_shopifyGid: { shop, shopifyGid: order.id } } });
    expect(Number(again.currentSubtotalPrice)).toBeCloseTo(expected, 2);

    // orders/updated after the refund restates the same figure, and the status with it.
    await deliver(shop, store, "orders/updated", { order, customer: store.customer(order.customerId!) });
    await drainWebhookQueue();
    const restated = await prisma.order.findUniqueOrThrow({ where: { shop_shopifyGid: { shop, shopifyGid: order.id } } });
    expect(Number(restated.currentSubtotalPrice)).toBeCloseTo(expected, 2);
    expect(restated.financialStatus).toBe("partially_refunded");
  });
});
