import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { runAudienceEvaluation, runAudienceSweep, runAudienceSyncJob } from "../../app/jobs/audience-sync.server";
import { exportCustomer } from "../../app/models/privacy.server";
import { QUEUES, queue, stopQueue } from "../../app/queue.server";
import { drainShopJobs } from "../support/queue";
import * as pixelRoute from "../../app/routes/api.pixel";
import { pixelSettings } from "../../app/services/audiences-pixel.server";
import { runAudienceSync } from "../../app/services/audiences-sync.server";
import { saveAudiences } from "../../app/services/audiences-settings.server";
import type { AudienceEvaluateJob, AudienceSyncJob } from "../../app/services/audiences-queue.server";
import { connectCrm } from "../../app/services/crm-connections.server";
import { startLocalHubspot, type LocalHubspot } from "../../tools/local-hubspot/server";
import { installShop } from "../support/admin-request";
import { localShopify } from "../support/local-shopify";
import { callAction } from "../support/routes";

// Dynamic audiences end to end: storefront events through POST /api/pixel, the evaluation and sync
// jobs' own code, the official HubSpot SDK against the local HubSpot's lists, variant costs through
// the Admin API against the local Shopify.

const TOKEN = "pat-na1-local-audiences-01";
const STAFF = { staffId: "7001", name: "Marketing Manager", via: "admin" as const };
const DAY = 86_400_000;
const shopA = `audt-a-${randomUUID().slice(0, 8)}.myshopify.com`;
const shopB = `audt-b-${randomUUID().slice(0, 8)}.myshopify.com`;
const gid = (n: number) => `gid://shopify/Customer/${7_352_140_000_100 + n}`;
const ANN = 1; // email, HubSpot contact
const BOB = 2; // no email
const CAT = 3; // email, HubSpot contact
let hub: LocalHubspot;
let browseList: string;
let marginList: string;
let listB: string;
const contactId: Record<number, string> = {};

function audiences(browse: string, margin: string) {
  return JSON.stringify({
    audiences: [
      { id: "shoe-browsers", name: "Shoe browsers", provider: "hubspot", listId: browse, when: [{ event: "collection_viewed", match: "445566", atLeast: 3, withinDays: 7 }] },
      { id: "big-margin", name: "High-margin carts", provider: "hubspot", listId: margin, when: [{ event: "high_margin_in_cart", atLeast: 1, withinDays: 1 }] },
    ],
    highMargin: { minMarginRate: 0.5 },
  });
}

let ip = 0;
async function pixel(shop: string, customer: number, event: Record<string, string>) {
  const { keyId, signature } = pixelSettings(shop, "https://uplift.example.test");
  const body = { v: 1, shop, keyId, signature, customerId: gid(customer).split("/").pop(), ...event };
  const request = new Request("http://127.0.0.1:39999/api/pixel", { method: "POST", headers: { "Content-Type": "text/plain", "X-Forwarded-For": `192.0.2.${++ip % 250}` }, body: JSON.stringify(body) });
  return (await callAction(pixelRoute.action, request)).status;
}
const viewShoes = (shop: string, customer: number) => pixel(shop, customer, { event: "collection_viewed", collectionId: "445566" });

/** Runs this file's queued jobs of a queue through `run`, the way the worker would. */
const drain = <T extends { shop: string }>(name: string, run: (data: T) => Promise<unknown>) => drainShopJobs<T>(name, "audt-", run);
const evaluateQueued = (now = new Date()) => drain<AudienceEvaluateJob>(QUEUES.audienceEvaluate, (d) => runAudienceEvaluation(d, now));
const syncQueued = () => drain<AudienceSyncJob>(QUEUES.audienceSync, (d) => runAudienceSyncJob(d, { minIntervalMs: 0 }));
const members = (listId: string) => [...hub.lists.get(listId)!.members.keys()];
const row = (shop: string, audienceId: string, n: number) => prisma.audienceMember.findUnique({ where: { shop_audienceId_provider_customerGid: { shop, audienceId, provider: "hubspot", customerGid: gid(n) } } });

beforeAll(async () => {
  hub = await startLocalHubspot({ token: TOKEN, rateLimit: { max: 100_000 } });
  for (const shop of [shopA, shopB]) {
    await installShop(shop);
    await prisma.customer.createMany({
      data: [
        { shop, shopifyGid: gid(ANN), email: "Ann@Example.com", firstName: "Ann" },
        { shop, shopifyGid: gid(BOB), email: null, firstName: "Bob" },
        { shop, shopifyGid: gid(CAT), email: "cat@example.com", firstName: "Cat" },
      ],
    });
    expect(await connectCrm(shop, { provider: "hubspot", accessToken: TOKEN, baseUrl: hub.baseUrl }, STAFF)).toMatchObject({ ok: true });
  }
  contactId[ANN] = hub.addContact({ email: "ann@example.com" }).id;
  contactId[CAT] = hub.addContact({ email: "cat@example.com" }).id;
  browseList = hub.addList({ name: "Shoe browsers" }).listId;
  marginList = hub.addList({ name: "High-margin carts" }).listId;
  listB = hub.addList({ name: "Shop B shoe browsers" }).listId;
  expect(await saveAudiences(shopA, audiences(browseList, marginList), 0, STAFF)).toMatchObject({ ok: true });
  expect(await saveAudiences(shopB, audiences(listB, listB), 0, STAFF)).toMatchObject({ ok: true });
});
afterAll(async () => {
  await hub.close();
  await stopQueue();
});

describe("dynamic audiences", () => {
  it("three views of the collection within the window put the customer in the HubSpot list", async () => {
    expect(await viewShoes(shopA, ANN)).toBe(204);
    expect(await viewShoes(shopA, ANN)).toBe(204);
    await evaluateQueued();
    expect(await row(shopA, "shoe-browsers", ANN)).toBeNull(); // two views: not yet
    expect(await viewShoes(shopA, ANN)).toBe(204);
    expect(await evaluateQueued()).toEqual([{ shop: shopA, customerGid: gid(ANN) }]);
    expect(await row(shopA, "shoe-browsers", ANN)).toMatchObject({ status: "add", email: "ann@example.com" });

    const before = hub.requests.length;
    expect(await syncQueued()).toEqual([{ shop: shopA, provider: "hubspot" }]);
    expect(members(browseList)).toEqual([contactId[ANN]]);
    expect(hub.requests.slice(before).map((r) => r.op)).toEqual(["contacts.batchRead", "lists.memberships.add"]);
    expect(await row(shopA, "shoe-browsers", ANN)).toMatchObject({ status: "member", attempts: 0, syncedAt: expect.any(Date) });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop: shopA, event: "audiences.synced" } });
    expect(audit.after).toMatchObject({ audienceId: "shoe-browsers", listId: browseList, change: "add", customers: [{ customerGid: gid(ANN), outcome: "member" }] });

    // More views change nothing: she is already in.
    await viewShoes(shopA, ANN);
    await evaluateQueued();
    expect(await syncQueued()).toEqual([]);
  });

  it("when the window has passed, the daily sweep takes her out of the list", async () => {
    const in6Days = new Date(Date.now() + 6 * DAY);
    expect(await runAudienceSweep(shopA, in6Days)).toMatchObject({ evaluated: 1, removed: 0 });
    const in8Days = new Date(Date.now() + 8 * DAY);
    expect(await runAudienceSweep(shopA, in8Days)).toMatchObject({ evaluated: 1, removed: 1 });
    expect(await row(shopA, "shoe-browsers", ANN)).toMatchObject({ status: "remove" });
    await syncQueued();
    expect(members(browseList)).toEqual([]);
    expect(await row(shopA, "shoe-browsers", ANN)).toMatchObject({ status: "removed" });
    // Nothing more to sweep for her.
    expect(await runAudienceSweep(shopA, in8Days)).toMatchObject({ evaluated: 0 });
  });

  it("a customer without an email is skipped: no row, no HubSpot call", async () => {
    const before = hub.requests.length;
    for (let i = 0; i < 3; i++) await viewShoes(shopA, BOB);
    const [job] = await drain<AudienceEvaluateJob>(QUEUES.audienceEvaluate, async () => undefined);
    expect(await runAudienceEvaluation(job!)).toMatchObject({ added: [], skipped: "no_email" });
    expect(await row(shopA, "shoe-browsers", BOB)).toBeNull();
    expect(await syncQueued()).toEqual([]);
    expect(hub.requests.length).toBe(before);
  });

  it("a high-margin variant in the cart joins the margin audience, judged by its cost in Shopify", async () => {
    const variants = localShopify().stores.get(shopA)!.allVariants();
    const rate = (v: (typeof variants)[number]) => (Number(v.price) - Number(v.unitCost)) / Number(v.price);
    const [cheap, rich] = [variants.find((v) => rate(v) < 0.5), variants.find((v) => rate(v) >= 0.5)];
    expect(cheap && rich).toBeTruthy();
    await pixel(shopA, CAT, { event: "product_added_to_cart", variantId: cheap!.id, productId: cheap!.productId });
    await evaluateQueued();
    expect(await row(shopA, "big-margin", CAT)).toBeNull();
    await pixel(shopA, CAT, { event: "product_added_to_cart", variantId: rich!.id });
    await evaluateQueued();
    expect(await row(shopA, "big-margin", CAT)).toMatchObject({ status: "add" });
    await syncQueued();
    expect(members(marginList)).toEqual([contactId[CAT]]);
    // withinDays 1 is today only: tomorrow's sweep takes her out again.
    await runAudienceSweep(shopA, new Date(Date.now() + DAY));
    await syncQueued();
    expect(members(marginList)).toEqual([]);
  });

  it("a 429 from the list API reschedules the sync and keeps the change until it goes through", async () => {
    for (let i = 0; i < 3; i++) await viewShoes(shopA, CAT);
    await evaluateQueued();
    const boss = await queue();
    // Take this shop's queued sync off the queue, then run it by hand with HubSpot answering 429.
    const [job] = await drain<AudienceSyncJob>(QUEUES.audienceSync, async () => undefined);
    hub.failNext("lists.memberships.add", { kind: "rate_limit", policyName: "TEN_SECONDLY_ROLLING", retryAfterSeconds: 30 });
    const started = Date.now();
    expect(await runAudienceSyncJob(job!, { minIntervalMs: 0 })).toMatchObject({ sent: 0, retryAfterMs: 30_000 });
    expect(await row(shopA, "shoe-browsers", CAT)).toMatchObject({ status: "add", attempts: 0 });
    expect(members(browseList)).toEqual([]);
    const later = await boss.findJobs<AudienceSyncJob>(QUEUES.audienceSync, { key: `${shopA}:hubspot`, queued: true });
    expect(later).toHaveLength(1);
    expect(later[0]!.startAfter.getTime()).toBeGreaterThanOrEqual(started + 29_000);

    // When the delayed run comes, the changes go through: the shoe views, and (evaluated today
    // again, after the sweep "tomorrow" took her out) today's high-margin cart.
    expect(await runAudienceSync(shopA, "hubspot", { minIntervalMs: 0 })).toMatchObject({ sent: 2, done: 2, failed: 0, retryAfterMs: null });
    expect(members(browseList)).toEqual([contactId[CAT]]);
    expect(await row(shopA, "shoe-browsers", CAT)).toMatchObject({ status: "member" });
    await boss.deleteJob(QUEUES.audienceSync, later[0]!.id);
  });

  it("keeps shops apart: shop B's lists, counts and rows are untouched by shop A, and its own events stay its own", async () => {
    expect(members(listB)).toEqual([]);
    expect(await prisma.behaviorCount.count({ where: { shop: shopB } })).toBe(0);
    expect(await prisma.audienceMember.count({ where: { shop: shopB } })).toBe(0);
    // Shop A's signature does not open shop B.
    const { keyId, signature } = pixelSettings(shopA, "https://uplift.example.test");
    const forged = new Request("http://127.0.0.1:39999/api/pixel", { method: "POST", body: JSON.stringify({ v: 1, shop: shopB, keyId, signature, customerId: gid(ANN).split("/").pop(), event: "collection_viewed", collectionId: "445566" }) });
    expect((await callAction(pixelRoute.action, forged)).status).toBe(401);

    for (let i = 0; i < 3; i++) await viewShoes(shopB, ANN);
    expect(await evaluateQueued()).toEqual([{ shop: shopB, customerGid: gid(ANN) }]);
    await syncQueued();
    expect(members(listB)).toEqual([contactId[ANN]]);
    expect(await row(shopB, "shoe-browsers", ANN)).toMatchObject({ status: "member" });
    // Shop A's row for the same customer id is still the one from its own history.
    expect(await row(shopA, "shoe-browsers", ANN)).toMatchObject({ status: "removed" });
    expect(members(browseList)).not.toContain(contactId[ANN]);
  });

  it("a customer's data request includes their behaviour counts and audience memberships", async () => {
    await prisma.$transaction((tx) => exportCustomer(tx, shopA, { gid: gid(CAT), email: "cat@example.com", phone: null, orderGids: [] }, `req-${randomUUID()}`));
    const exported = await prisma.dataExport.findFirstOrThrow({ where: { shop: shopA, customerGid: gid(CAT) } });
    const data = exported.data as { behavior: { key: string; count: number }[]; audiences: { audienceId: string; status: string }[] };
    expect(data.behavior).toEqual(expect.arrayContaining([expect.objectContaining({ key: "collection_viewed:gid://shopify/Collection/445566", count: 3 })]));
    expect(data.audiences).toEqual(expect.arrayContaining([expect.objectContaining({ audienceId: "shoe-browsers", status: "member" })]));
  });

  it("moving an audience to another list re-adds its members there; a list HubSpot refuses fails only that audience", async () => {
    const dynamic = hub.addList({ name: "Filter-based", processingType: "DYNAMIC" }).listId;
    const version = (await prisma.setting.findUniqueOrThrow({ where: { shop_key: { shop: shopA, key: "audiences" } } })).version;
    expect(await saveAudiences(shopA, audiences(dynamic, marginList), version, STAFF)).toMatchObject({ ok: true });
    expect(await row(shopA, "shoe-browsers", CAT)).toMatchObject({ status: "add" });
    expect(await row(shopA, "shoe-browsers", ANN)).toBeNull(); // removed rows of the old list are dropped

    const run = await runAudienceSync(shopA, "hubspot", { minIntervalMs: 0 });
    expect(run).toMatchObject({ stopped: null, retryAfterMs: null });
    expect(await row(shopA, "shoe-browsers", CAT)).toMatchObject({ status: "failed", lastError: expect.stringContaining("400") });
    expect(hub.lists.get(dynamic)!.members.size).toBe(0);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop: shopA, event: "audiences.synced", entity: "audience:shoe-browsers" }, orderBy: { createdAt: "desc" } });
    expect(audit.after).toMatchObject({ listId: dynamic, customers: expect.arrayContaining([expect.objectContaining({ customerGid: gid(CAT), outcome: "failed" })]) });
  });
});
