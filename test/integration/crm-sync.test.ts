import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import * as integrationsRoute from "../../app/routes/app.integrations";
import { decideApproval } from "../../app/services/approvals.server";
import { runCrmSync, stageCrmSync } from "../../app/services/crm-sync.server";
import { startLocalHubspot, type LocalHubspot } from "../../tools/local-hubspot/server";
import { installShop } from "../support/admin-request";
import { seedScoredCustomers, setTier, type Tier } from "../support/crm-fixtures";
import { callAction } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";

// The CRM outbox against a local HubSpot through the official SDK: connect (fields created, token
// sealed), batches of at most 100, 429 and 207 handling, tier changes held for review when the
// contact has a recent open ticket, and a sync killed after HubSpot wrote a batch but before we
// recorded it: nothing lost, nothing doubled.

const ROOT = resolve(import.meta.dirname, "../..");
const TOKEN = "pat-na1-local-0123456789";
const TIERS: Tier[] = ["platinum", "gold", "silver", "bronze"];
const CUSTOMERS = 230;
const STAFF = { staffId: "7001", name: "Marketing Manager", via: "admin" as const };
const shop = `crm-${randomUUID().slice(0, 8)}.myshopify.com`;
const gid = (i: number) => `gid://shopify/Customer/${70_000 + i}`;
const email = (i: number) => `buyer${i}@example.com`;
const people = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: gid(i), email: email(i), firstName: `Buyer${i}`, lastName: "Local" }));
let hubspot: LocalHubspot;

const connect = async (fields: Record<string, string>) => {
  const res = await callAction(integrationsRoute.action, await staffRequest(shop, STAFF.staffId, "/app/integrations", formPost(fields)));
  return { status: res.status, body: (await res.json()) as { ok: boolean; errors: string[] } };
};
const contact = (i: number) => hubspot.contacts.filter((c) => c.properties.email === email(i));
const upserts = () => hubspot.requests.filter((r) => r.op === "contacts.batchUpsert");
const item = (i: number) => prisma.crmSyncItem.findUniqueOrThrow({ where: { shop_provider_customerGid: { shop, provider: "hubspot", customerGid: gid(i) } } });
const sync = () => runCrmSync(shop, "hubspot", { minIntervalMs: 0 });

beforeAll(async () => {
  hubspot = await startLocalHubspot({ token: TOKEN });
  await installShop(shop);
  await seedScoredCustomers(shop, people, (i) => TIERS[i % 4]!);
});
afterAll(async () => {
  await hubspot.close();
  await stopQueue();
});

describe("CRM sync to HubSpot", () => {
  it("connects only with working credentials, creates the custom properties, and keeps the token sealed", async () => {
    const refused = await connect({ intent: "connect", provider: "hubspot", accessToken: "pat-na1-wrong-token-000", baseUrl: hubspot.baseUrl });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatch(/auth/);
    expect(await prisma.crmConnection.count({ where: { shop } })).toBe(0);
    expect((await connect({ intent: "connect", provider: "hubspot", accessToken: TOKEN, baseUrl: "http://10.0.0.7:9999" })).status).toBe(400);

    const ok = await connect({ intent: "connect", provider: "hubspot", accessToken: TOKEN, baseUrl: hubspot.baseUrl });
    expect(ok).toMatchObject({ status: 200, body: { ok: true } });
    expect([...hubspot.properties.keys()]).toEqual(expect.arrayContaining(["uplift_predicted_clv", "uplift_tier", "uplift_churn_risk", "uplift_next_best_action", "uplift_tier_reasoning"]));
    const row = await prisma.crmConnection.findUniqueOrThrow({ where: { shop_provider: { shop, provider: "hubspot" } } });
    expect(row.sealedSecret).not.toContain(TOKEN);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop, event: "crm.connected" } });
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    expect(audit.actorId).toBe("7001");
  });

  it("sends every staged contact in batches of at most 100 and records each one's outcome", async () => {
    expect(await stageCrmSync(shop, "hubspot")).toEqual({ staged: CUSTOMERS, changed: CUSTOMERS });
    const run = await sync();
    expect(run).toMatchObject({ sent: CUSTOMERS, synced: CUSTOMERS, failed: 0, review: 0, retryAfterMs: null, stopped: null });
    expect(upserts().map((r) => (r.body as { inputs: unknown[] }).inputs.length)).toEqual([100, 100, 30]);
    expect(hubspot.contacts).toHaveLength(CUSTOMERS);
    expect(contact(5)[0]!.properties).toMatchObject({ uplift_tier: "gold", firstname: "Buyer5", uplift_predicted_clv: String((10_000 + 5 * 1_234) / 100) });
    expect(await prisma.crmSyncItem.count({ where: { shop, provider: "hubspot", status: "synced" } })).toBe(CUSTOMERS);
    // An unchanged rescore sends nothing.
    expect((await stageCrmSync(shop, "hubspot")).changed).toBe(0);
    expect((await sync()).sent).toBe(0);
  });

  it("waits as long as a 429 asks without marking anything, then finishes", async () => {
    await prisma.customerScore.updateMany({ where: { shop, customerGid: { in: [gid(1), gid(2)] } }, data: { churnRisk: 0.99 } });
    expect((await stageCrmSync(shop, "hubspot")).changed).toBe(2);
    hubspot.failNext("contacts.batchUpsert", { kind: "rate_limit", policyName: "TEN_SECONDLY_ROLLING", retryAfterSeconds: 3 });
    expect(await sync()).toMatchObject({ sent: 0, synced: 0, retryAfterMs: 3000 });
    expect((await item(1)).status).toBe("pending");
    expect(await sync()).toMatchObject({ sent: 2, synced: 2, retryAfterMs: null });
    expect(contact(1)[0]!.properties.uplift_churn_risk).toBe("0.99");
  });

  it("on a 207 keeps the contacts HubSpot refused apart and syncs the rest", async () => {
    await prisma.customerScore.updateMany({ where: { shop, customerGid: { in: [gid(3), gid(4)] } }, data: { clvMinor: 77_700 } });
    await stageCrmSync(shop, "hubspot");
    hubspot.failNext("contacts.batchUpsert", { kind: "partial", ids: [email(4)], message: "Property values were not valid" });
    expect(await sync()).toMatchObject({ sent: 2, synced: 1, failed: 1 });
    expect(await item(3)).toMatchObject({ status: "synced" });
    expect(await item(4)).toMatchObject({ status: "failed", lastError: expect.stringContaining("not valid") });
    expect(contact(3)[0]!.properties.uplift_predicted_clv).toBe("777");
  });

  it("pins a whole-batch 400 on the contact that causes it, by halving the batch, and sends the rest", async () => {
    const four = [50, 51, 52, 53];
    await prisma.customerScore.updateMany({ where: { shop, customerGid: { in: four.map(gid) } }, data: { clvMinor: 12_345 } });
    expect((await stageCrmSync(shop, "hubspot")).changed).toBe(4);
    // HubSpot refuses any batch holding contact 50: the 4, then the first 2, then 50 alone.
    for (let i = 0; i < 3; i++) hubspot.failNext("contacts.batchUpsert", { kind: "status", status: 400 });
    expect(await sync()).toMatchObject({ sent: 4, synced: 3, failed: 1, stopped: null });
    expect(await item(50)).toMatchObject({ status: "failed", lastError: expect.stringMatching(/400|Injected/) });
    for (const i of [51, 52, 53]) expect(contact(i)[0]!.properties.uplift_predicted_clv).toBe("123.45");
    expect(upserts().slice(-5).map((r) => (r.body as { inputs: unknown[] }).inputs.length)).toEqual([4, 2, 1, 1, 2]);
  });

  it("holds a tier change for a customer with a recent open ticket until a person approves it", async () => {
    const now = new Date();
    hubspot.addTicket({ stage: "1", contactEmails: [email(10)], createdAt: new Date(now.getTime() - 2 * 86_400_000) });
    hubspot.addTicket({ stage: "4", contactEmails: [email(9)], createdAt: new Date(now.getTime() - 2 * 86_400_000) }); // closed
    hubspot.addTicket({ stage: "1", contactEmails: [email(12)], createdAt: new Date(now.getTime() - 30 * 86_400_000) }); // too old
    // 9 gold (closed ticket), 10 silver (open ticket), 12 platinum (old ticket), 13 gold (none): all become bronze.
    for (const i of [9, 10, 12, 13]) await setTier(shop, gid(i), "bronze");
    await stageCrmSync(shop, "hubspot");
    const run = await runCrmSync(shop, "hubspot", { minIntervalMs: 0, now });
    expect(run).toMatchObject({ review: 1, synced: 3 });
    expect(await item(10)).toMatchObject({ status: "review", syncedTier: "silver" });
    expect(contact(10)[0]!.properties.uplift_tier).toBe("silver");
    for (const i of [9, 12, 13]) expect(contact(i)[0]!.properties.uplift_tier).toBe("bronze");

    const approval = await prisma.approval.findFirstOrThrow({ where: { shop, kind: "crm_tier_change" } });
    expect(approval.subject).toMatchObject({ provider: "hubspot", customerGid: gid(10), toTier: "bronze" });
    expect(await prisma.auditLog.count({ where: { shop, event: "crm.review_requested", customerGid: gid(10) } })).toBe(1);
    // A rescore while it waits neither re-asks nor syncs it.
    await stageCrmSync(shop, "hubspot");
    expect((await runCrmSync(shop, "hubspot", { minIntervalMs: 0, now })).sent).toBe(0);
    expect(await prisma.approval.count({ where: { shop, kind: "crm_tier_change" } })).toBe(1);

    const edit = await decideApproval(shop, approval.id, { verdict: "edit", action: {} }, STAFF);
    expect(edit).toMatchObject({ ok: false, status: 400 });
    expect(await decideApproval(shop, approval.id, { verdict: "approve" }, STAFF)).toMatchObject({ ok: true, status: "approved" });
    expect(await item(10)).toMatchObject({ status: "pending", reviewTier: "bronze", reviewVerdict: "approved" });
    expect(await runCrmSync(shop, "hubspot", { minIntervalMs: 0, now })).toMatchObject({ sent: 1, synced: 1, review: 0 });
    expect(contact(10)[0]!.properties.uplift_tier).toBe("bronze");
  });

  it("a rejected tier change stays held, and the CRM keeps the old tier", async () => {
    const now = new Date();
    hubspot.addTicket({ stage: "3", contactEmails: [email(20)], createdAt: now });
    const before = contact(20)[0]!.properties.uplift_tier;
    await setTier(shop, gid(20), before === "platinum" ? "bronze" : "platinum");
    await stageCrmSync(shop, "hubspot");
    expect((await runCrmSync(shop, "hubspot", { minIntervalMs: 0, now })).review).toBe(1);
    const approval = await prisma.approval.findFirstOrThrow({ where: { shop, kind: "crm_tier_change", status: "pending" } });
    expect(await decideApproval(shop, approval.id, { verdict: "reject", note: "ticket about a refund" }, STAFF)).toMatchObject({ ok: true, status: "rejected" });
    expect((await item(20)).status).toBe("held");
    await stageCrmSync(shop, "hubspot");
    expect((await item(20)).status).toBe("held");
    expect((await runCrmSync(shop, "hubspot", { minIntervalMs: 0, now })).sent).toBe(0);
    expect(contact(20)[0]!.properties.uplift_tier).toBe(before);
  });

  it("a sync killed after HubSpot wrote a batch, before we recorded it, loses and doubles nothing", { timeout: 60_000 }, async () => {
    const victims = [30, 31, 32, 33, 34];
    await prisma.customerScore.updateMany({ where: { shop, customerGid: { in: victims.map(gid) } }, data: { nextBestAction: "winback_offer", reasoning: "crash test" } });
    expect((await stageCrmSync(shop, "hubspot")).changed).toBe(victims.length);
    hubspot.failNext("contacts.batchUpsert", { kind: "delay", ms: 30_000, after: "write" });
    const sent = upserts().length;
    const child = spawn(process.execPath, ["--no-experimental-require-module", "--import", "tsx", "test/support/run-crm-sync.ts", shop, "hubspot"], { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((r) => child.once("exit", r));
    const end = Date.now() + 30_000;
    while (upserts().length === sent && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(upserts().length).toBe(sent + 1);
    // HubSpot has applied the batch; the process dies waiting for the answer.
    expect(contact(30)[0]!.properties.uplift_next_best_action).toBe("winback_offer");
    child.kill("SIGKILL");
    await exited;
    for (const i of victims) expect((await item(i)).status).toBe("pending");

    const run = await sync();
    expect(run).toMatchObject({ sent: victims.length, synced: victims.length, failed: 0 });
    for (const i of victims) {
      expect(contact(i)).toHaveLength(1);
      expect(await item(i)).toMatchObject({ status: "synced" });
    }
    expect(hubspot.contacts).toHaveLength(CUSTOMERS);
    expect(new Set(hubspot.contacts.map((c) => c.properties.email)).size).toBe(CUSTOMERS);
  });

  it("stops on credentials HubSpot no longer accepts, says so on the connection, and audits it", async () => {
    await prisma.customerScore.updateMany({ where: { shop, customerGid: gid(40) }, data: { clvMinor: 1 } });
    await stageCrmSync(shop, "hubspot");
    hubspot.failNext("contacts.batchUpsert", { kind: "status", status: 401 });
    const run = await sync();
    expect(run.stopped).toMatch(/auth/);
    expect(await prisma.crmConnection.findUniqueOrThrow({ where: { shop_provider: { shop, provider: "hubspot" } } })).toMatchObject({ status: "error", lastError: expect.stringMatching(/auth/) });
    expect(await prisma.auditLog.count({ where: { shop, event: "crm.sync_failed" } })).toBe(1);
    expect((await item(40)).status).toBe("pending");
  });
});
