import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { runAudienceEvaluation, runAudienceSyncJob } from "../../app/jobs/audience-sync.server";
import { QUEUES, stopQueue } from "../../app/queue.server";
import { drainShopJobs } from "../support/queue";
import * as pixelRoute from "../../app/routes/api.pixel";
import * as integrationsRoute from "../../app/routes/app.integrations";
import { pixelSettings } from "../../app/services/audiences-pixel.server";
import type { AudienceEvaluateJob, AudienceSyncJob } from "../../app/services/audiences-queue.server";
import { saveAudiences } from "../../app/services/audiences-settings.server";
import { crmSettingsView } from "../../app/services/crm-connections.server";
import { runCrmSync, stageCrmSync, stageScoreSyncs } from "../../app/services/crm-sync.server";
import { startLocalKlaviyo, type LocalKlaviyo } from "../../tools/local-klaviyo/server";
import { installShop } from "../support/admin-request";
import { seedScoredCustomers, setTier, type Tier } from "../support/crm-fixtures";
import { callAction } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";

// Klaviyo as the third CRM, through the official klaviyo-api SDK against the local Klaviyo: connect
// through the Integrations page (the key proven by a list read, then sealed), scores written as
// profile properties in batches of 50 (once: an unchanged rescore sends nothing), a 429 answered
// with a back-off, and a dynamic audience filling a Klaviyo list from storefront events.

const KEY = "pk_local_klaviyo_sync_0123456789";
const TIERS: Tier[] = ["platinum", "gold", "silver", "bronze"];
const CUSTOMERS = 120;
const STAFF = { staffId: "7001", name: "Marketing Manager", via: "admin" as const };
const shop = `kl-${randomUUID().slice(0, 8)}.myshopify.com`;
const gid = (i: number) => `gid://shopify/Customer/${90_000 + i}`;
const email = (i: number) => `kl${i}@example.com`;
const people = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: gid(i), email: email(i), firstName: `Kl${i}`, lastName: "Buyer" }));
let klaviyo: LocalKlaviyo;

const connect = async (fields: Record<string, string>) => {
  const res = await callAction(integrationsRoute.action, await staffRequest(shop, STAFF.staffId, "/app/integrations", formPost(fields)));
  return { status: res.status, body: (await res.json()) as { ok: boolean; errors: string[] } };
};
const profile = (i: number) => klaviyo.profiles.filter((p) => p.email === email(i));
const imports = () => klaviyo.requests.filter((r) => r.op === "profiles.import");
const item = (i: number) => prisma.crmSyncItem.findUniqueOrThrow({ where: { shop_provider_customerGid: { shop, provider: "klaviyo", customerGid: gid(i) } } });
const sync = () => runCrmSync(shop, "klaviyo", { minIntervalMs: 0 });

beforeAll(async () => {
  klaviyo = await startLocalKlaviyo({ apiKey: KEY, rateLimit: { burst: 100_000, steady: 100_000 }, lists: ["Shoe browsers"] });
  await installShop(shop);
  await seedScoredCustomers(shop, people, (i) => TIERS[i % 4]!);
});
afterAll(async () => {
  await klaviyo.close();
  await stopQueue();
});

describe("CRM sync to Klaviyo", () => {
  it("connects only with a working private key, and keeps the key sealed", async () => {
    const refused = await connect({ intent: "connect", provider: "klaviyo", apiKey: "pk_wrong_key_0000000000", baseUrl: klaviyo.baseUrl });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatch(/klaviyo refused the connection \(auth\).*not_authenticated/);
    expect(await prisma.crmConnection.count({ where: { shop } })).toBe(0);
    // Not a private key, or not Klaviyo's host: refused before any call.
    expect((await connect({ intent: "connect", provider: "klaviyo", apiKey: "Xy12ab", baseUrl: klaviyo.baseUrl })).status).toBe(400);
    expect((await connect({ intent: "connect", provider: "klaviyo", apiKey: KEY, baseUrl: "http://10.0.0.7:9999" })).status).toBe(400);

    const ok = await connect({ intent: "connect", provider: "klaviyo", apiKey: KEY, baseUrl: klaviyo.baseUrl });
    expect(ok).toMatchObject({ status: 200, body: { ok: true } });
    const row = await prisma.crmConnection.findUniqueOrThrow({ where: { shop_provider: { shop, provider: "klaviyo" } } });
    expect(row).toMatchObject({ status: "connected", config: { baseUrl: klaviyo.baseUrl } });
    expect(row.sealedSecret).not.toContain(KEY);
    expect(JSON.stringify(row.config)).not.toContain(KEY);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop, event: "crm.connected" } });
    expect(JSON.stringify(audit)).not.toContain(KEY);
    expect((await crmSettingsView(shop)).find((c) => c.provider === "klaviyo")).toMatchObject({ connected: true, target: klaviyo.baseUrl });
  });

  it("writes every scored customer's properties once, in batches of 50; an unchanged rescore sends nothing", async () => {
    expect(await stageScoreSyncs(shop)).toMatchObject({ klaviyo: CUSTOMERS });
    const run = await sync();
    expect(run).toMatchObject({ sent: CUSTOMERS, synced: CUSTOMERS, failed: 0, review: 0, retryAfterMs: null, stopped: null });
    expect(imports()).toHaveLength(CUSTOMERS);
    expect(klaviyo.profiles).toHaveLength(CUSTOMERS);
    expect(profile(5)).toHaveLength(1);
    expect(profile(5)[0]).toMatchObject({
      firstName: "Kl5",
      lastName: "Buyer",
      properties: { uplift_tier: "gold", uplift_predicted_clv: (10_000 + 5 * 1_234) / 100, uplift_churn_risk: 0.2, uplift_next_best_action: "winback_offer", uplift_reasoning: expect.stringContaining("Predicted CLV"), uplift_scored_at: "2026-11-20T03:15:00.000Z" },
    });
    expect(await item(5)).toMatchObject({ status: "synced", remoteId: profile(5)[0]!.id });
    const batches = await prisma.auditLog.findMany({ where: { shop, event: "crm.synced" } });
    expect(batches.map((b) => (b.after as { sent: number }).sent).sort((a, b) => a - b)).toEqual([20, 50, 50]);

    expect((await stageCrmSync(shop, "klaviyo")).changed).toBe(0);
    const before = klaviyo.requests.length;
    expect((await sync()).sent).toBe(0);
    expect(klaviyo.requests.length).toBe(before);
  });

  it("syncs a tier change at once (Klaviyo has no tickets to hold it for), updating the same profile", async () => {
    await setTier(shop, gid(10), "platinum"); // was silver
    expect((await stageCrmSync(shop, "klaviyo")).changed).toBe(1);
    expect(await sync()).toMatchObject({ sent: 1, synced: 1, review: 0 });
    expect(profile(10)).toHaveLength(1);
    expect(profile(10)[0]!.properties.uplift_tier).toBe("platinum");
    expect(await prisma.approval.count({ where: { shop } })).toBe(0);
  });

  it("a 429 reschedules without marking anything; the next run goes through", async () => {
    await prisma.customerScore.updateMany({ where: { shop, customerGid: gid(20) }, data: { churnRisk: 0.95 } });
    await stageCrmSync(shop, "klaviyo");
    klaviyo.failNext("profiles.import", { kind: "rate_limit", retryAfterSeconds: 12 });
    const run = await sync();
    expect(run).toMatchObject({ sent: 0, synced: 0, retryAfterMs: 12_000, stopped: null });
    expect(await item(20)).toMatchObject({ status: "pending", attempts: 0 });
    expect(profile(20)[0]!.properties.uplift_churn_risk).not.toBe(0.95);
    expect(await sync()).toMatchObject({ sent: 1, synced: 1 });
    expect(profile(20)[0]!.properties.uplift_churn_risk).toBe(0.95);
  });
});

describe("dynamic audience on a Klaviyo list", () => {
  let ip = 0;
  const view = async (customer: number) => {
    const { keyId, signature } = pixelSettings(shop, "https://uplift.example.test");
    const body = { v: 1, shop, keyId, signature, customerId: gid(customer).split("/").pop(), event: "collection_viewed", collectionId: "445566" };
    const request = new Request("http://127.0.0.1:39999/api/pixel", { method: "POST", headers: { "Content-Type": "text/plain", "X-Forwarded-For": `198.51.100.${++ip % 250}` }, body: JSON.stringify(body) });
    return (await callAction(pixelRoute.action, request)).status;
  };
  const drain = <T extends { shop: string }>(name: string, run: (data: T) => Promise<unknown>) => drainShopJobs<T>(name, "kl-", run);

  it("three collection views put the customer in the Klaviyo list", async () => {
    const list = [...klaviyo.lists.values()].find((l) => l.name === "Shoe browsers")!;
    const doc = { audiences: [{ id: "shoe-browsers", name: "Shoe browsers", provider: "klaviyo", listId: list.id, when: [{ event: "collection_viewed", match: "445566", atLeast: 3, withinDays: 7 }] }], highMargin: { minMarginRate: 0.5 } };
    expect(await saveAudiences(shop, JSON.stringify(doc), 0, STAFF)).toMatchObject({ ok: true });

    expect(await view(30)).toBe(204);
    expect(await view(30)).toBe(204);
    await drain<AudienceEvaluateJob>(QUEUES.audienceEvaluate, (d) => runAudienceEvaluation(d));
    expect(list.members.size).toBe(0);
    expect(await view(30)).toBe(204);
    expect(await drain<AudienceEvaluateJob>(QUEUES.audienceEvaluate, (d) => runAudienceEvaluation(d))).toEqual([{ shop, customerGid: gid(30) }]);

    const before = klaviyo.requests.length;
    expect(await drain<AudienceSyncJob>(QUEUES.audienceSync, (d) => runAudienceSyncJob(d, { minIntervalMs: 0 }))).toEqual([{ shop, provider: "klaviyo" }]);
    expect([...list.members.keys()]).toEqual([profile(30)[0]!.id]);
    expect(klaviyo.requests.slice(before).map((r) => r.op)).toEqual(["profiles.list", "lists.profiles.add"]);
    const member = await prisma.audienceMember.findUniqueOrThrow({ where: { shop_audienceId_provider_customerGid: { shop, audienceId: "shoe-browsers", provider: "klaviyo", customerGid: gid(30) } } });
    expect(member).toMatchObject({ status: "member", email: email(30) });
  });

  it("refuses an audience aimed at a HubSpot list id that is not digits, but takes a Klaviyo list id", async () => {
    const doc = (provider: string) => JSON.stringify({ audiences: [{ id: "x", name: "X", provider, listId: "Y6nRLr", when: [{ event: "collection_viewed", atLeast: 1, withinDays: 1 }] }] });
    expect(await saveAudiences(shop, doc("hubspot"), 1, STAFF)).toMatchObject({ ok: false });
    expect(await saveAudiences(shop, doc("salesforce"), 1, STAFF)).toMatchObject({ ok: false });
    expect(await saveAudiences(shop, doc("klaviyo"), 1, STAFF)).toMatchObject({ ok: true });
  });
});
