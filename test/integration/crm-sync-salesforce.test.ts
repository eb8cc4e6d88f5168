import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import { connectCrm } from "../../app/services/crm-connections.server";
import { runCrmSync, stageCrmSync } from "../../app/services/crm-sync.server";
import { startLocalSalesforce, type LocalSalesforce } from "../../tools/local-salesforce/server";
import { installShop } from "../support/admin-request";
import { seedScoredCustomers, setTier, type Tier } from "../support/crm-fixtures";

// The same outbox against a local Salesforce org through jsforce: custom fields made through the
// Tooling API on connect, upserts by the Shopify customer id in sObject collections of 200, an
// open Case holding a tier change, and the org's API limit answered with a back-off.

const TOKEN = "00Dlocal!session-token-0123456789";
const TIERS: Tier[] = ["platinum", "gold", "silver", "bronze"];
const CUSTOMERS = 210;
const ACTOR = { staffId: "7001", name: "Marketing Manager", via: "admin" as const };
const shop = `sf-${randomUUID().slice(0, 8)}.myshopify.com`;
const gid = (i: number) => `gid://shopify/Customer/${80_000 + i}`;
const people = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: gid(i), email: `sf${i}@example.com`, firstName: `Sf${i}`, lastName: i % 7 === 0 ? "" : "Buyer" }));
let org: LocalSalesforce;

const record = (i: number) => org.contacts.filter((c) => c.Shopify_Customer_Id__c === gid(i));
const sync = (now?: Date) => runCrmSync(shop, "salesforce", { minIntervalMs: 0, ...(now ? { now } : {}) });

beforeAll(async () => {
  org = await startLocalSalesforce({ accessToken: TOKEN });
  await installShop(shop);
  await seedScoredCustomers(shop, people, (i) => TIERS[i % 4]!);
});
afterAll(async () => {
  await org.close();
  await stopQueue();
});

describe("CRM sync to Salesforce", () => {
  it("connects by creating the custom fields, then upserts every contact by the Shopify customer id in collections of 200", async () => {
    expect(await connectCrm(shop, { provider: "salesforce", accessToken: "wrong-token-0000000", instanceUrl: org.instanceUrl }, ACTOR)).toMatchObject({ ok: false, status: 422 });
    const connected = await connectCrm(shop, { provider: "salesforce", accessToken: TOKEN, instanceUrl: org.instanceUrl }, ACTOR);
    expect(connected.ok).toBe(true);
    expect(org.fields.map((f) => `${f.object}.${f.name}`)).toEqual(expect.arrayContaining(["Contact.Shopify_Customer_Id__c", "Contact.Predicted_LTV__c", "Contact.AI_Customer_Tier__c", "Contact.AI_Tier_Reasoning__c"]));
    // Connecting again creates nothing new.
    const fieldCount = org.fields.length;
    expect(await connectCrm(shop, { provider: "salesforce", accessToken: TOKEN, instanceUrl: org.instanceUrl }, ACTOR)).toMatchObject({ ok: true, created: [] });
    expect(org.fields).toHaveLength(fieldCount);

    await stageCrmSync(shop, "salesforce");
    const run = await sync();
    expect(run).toMatchObject({ sent: CUSTOMERS, synced: CUSTOMERS, failed: 0 });
    const upserts = org.requests.filter((r) => r.method === "PATCH" && r.path.includes("/composite/sobjects/Contact/Shopify_Customer_Id__c"));
    // Each batch of ≤ 200 goes once; the new contacts Salesforce refused for a missing last name
    // (every seventh customer has none) go again with a placeholder: 29 of the first 200, 1 of the last 10.
    expect(upserts.map((r) => (r.body as { records: unknown[] }).records.length)).toEqual([200, 29, 10, 1]);
    expect(org.contacts).toHaveLength(CUSTOMERS);
    expect(record(5)[0]).toMatchObject({ Email: "sf5@example.com", AI_Customer_Tier__c: "gold", Predicted_LTV__c: (10_000 + 5 * 1_234) / 100 });
    // Salesforce requires a last name: a customer without one gets a placeholder on create.
    expect(record(7)[0]!.LastName).toBeTruthy();
  });

  it("holds a tier change while the contact has an open Case from the last week", async () => {
    const now = new Date();
    org.addCase({ contactId: String(record(10)[0]!.Id), closed: false, lastModified: new Date(now.getTime() - 86_400_000), subject: "Where is my order?" });
    org.addCase({ contactId: String(record(11)[0]!.Id), closed: true, lastModified: now });
    await setTier(shop, gid(10), "platinum"); // was silver
    await setTier(shop, gid(11), "platinum"); // was bronze
    await stageCrmSync(shop, "salesforce");
    expect(await sync(now)).toMatchObject({ review: 1, synced: 1 });
    expect(record(10)[0]!.AI_Customer_Tier__c).toBe("silver");
    expect(record(11)[0]!.AI_Customer_Tier__c).toBe("platinum");
    expect(await prisma.approval.findFirstOrThrow({ where: { shop, kind: "crm_tier_change" } })).toMatchObject({ subject: { provider: "salesforce", customerGid: gid(10), toTier: "platinum" } });
  });

  it("backs off when the org's API limit is exhausted, keeping the change pending", async () => {
    await prisma.customerScore.updateMany({ where: { shop, customerGid: gid(20) }, data: { churnRisk: 0.95 } });
    await stageCrmSync(shop, "salesforce");
    org.failNext({ path: "/composite/sobjects", status: 403 });
    const run = await sync();
    expect(run.sent).toBe(0);
    expect(run.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect((await prisma.crmSyncItem.findUniqueOrThrow({ where: { shop_provider_customerGid: { shop, provider: "salesforce", customerGid: gid(20) } } })).status).toBe("pending");
    expect(await sync()).toMatchObject({ sent: 1, synced: 1 });
    expect(record(20)).toHaveLength(1);
  });
});
