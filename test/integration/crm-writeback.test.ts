import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { AdminGraphql } from "../../app/integrations/shopify-admin.server";
import { shopifyWriteBackAdapter, tierTag } from "../../app/integrations/shopify-customer-writeback.server";
import { runCrmSync, stageCrmSync } from "../../app/services/crm-sync.server";
import { unauthenticated } from "../../app/shopify.server";
import { installShop } from "../support/admin-request";
import { seedScoredCustomers, setTier, type Tier } from "../support/crm-fixtures";
import { localShopify } from "../support/local-shopify";

// Scores written back to Shopify customers through the outbox: `$app` metafields and one tier tag,
// checked in the local Shopify's store after the real Admin API calls.

const shop = `wb-${randomUUID().slice(0, 8)}.myshopify.com`;
const TIERS: Tier[] = ["platinum", "gold", "silver", "bronze"];
let graphql: AdminGraphql;

describe("score write-back to Shopify customers", () => {
  beforeAll(async () => {
    await installShop(shop);
    ({ admin: { graphql } } = await unauthenticated.admin(shop));
  });

  it("writes metafields and the tier tag, keeps the merchant's own tags, then sends only what changed", async () => {
    const store = localShopify().stores.get(shop)!;
    const customers = store.customers.slice(0, 9);
    customers[0]!.tags.push("wholesale", "uplift-tier-bronze"); // a merchant tag and a stale tier tag
    await seedScoredCustomers(shop, customers, (i) => TIERS[i % 4]!);
    const adapter = shopifyWriteBackAdapter(graphql);

    expect(await stageCrmSync(shop, "shopify")).toEqual({ staged: 9, changed: 9 });
    const run = await runCrmSync(shop, "shopify", { adapter });
    expect(run).toMatchObject({ sent: 9, synced: 9, failed: 0, review: 0, retryAfterMs: null, stopped: null });

    for (const [i, c] of customers.entries()) {
      const tier = TIERS[i % 4]!;
      const value = (key: string) => store.metafieldsOf(c.id).find((m) => m.namespace.startsWith("app--") && m.key === key)?.value;
      expect(value("tier")).toBe(tier);
      expect(Number(value("predicted_clv"))).toBeCloseTo((10_000 + i * 1_234) / 100, 2);
      expect(value("next_best_action")).toBe(i % 2 ? "winback_offer" : "vip_early_access");
      expect(c.tags.filter((t) => t.startsWith("uplift-tier-"))).toEqual([tierTag(tier)]);
    }
    expect(customers[0]!.tags).toContain("wholesale");

    // Nothing changed: nothing is staged or sent again.
    expect(await stageCrmSync(shop, "shopify")).toEqual({ staged: 9, changed: 0 });
    expect((await runCrmSync(shop, "shopify", { adapter })).sent).toBe(0);

    // A tier change moves the tag; the Shopify write-back never waits for review.
    await setTier(shop, customers[1]!.id, "bronze");
    expect((await stageCrmSync(shop, "shopify")).changed).toBe(1);
    expect(await runCrmSync(shop, "shopify", { adapter })).toMatchObject({ sent: 1, synced: 1, review: 0 });
    expect(customers[1]!.tags.filter((t) => t.startsWith("uplift-tier-"))).toEqual(["uplift-tier-bronze"]);

    const audit = await prisma.auditLog.findMany({ where: { shop, event: "crm.synced" }, orderBy: { createdAt: "asc" } });
    const contacts = audit.flatMap((a) => (a.after as { contacts: { customerGid: string; outcome: string }[] }).contacts);
    expect(contacts).toHaveLength(10);
    expect(contacts.filter((c) => c.customerGid === customers[1]!.id).map((c) => c.outcome)).toEqual(["updated", "updated"]);
  });

  it("does not stage customers without an email or whose data was erased", async () => {
    const other = `wb-${randomUUID().slice(0, 8)}.myshopify.com`;
    await installShop(other);
    const store = localShopify().stores.get(other)!;
    const [a, b, c] = store.customers;
    await seedScoredCustomers(other, [a!, b!, c!], () => "gold");
    await prisma.customer.updateMany({ where: { shop: other, shopifyGid: b!.id }, data: { email: null } });
    await prisma.customer.updateMany({ where: { shop: other, shopifyGid: c!.id }, data: { redactedAt: new Date() } });
    expect(await stageCrmSync(other, "shopify")).toEqual({ staged: 1, changed: 1 });
    expect(await prisma.crmSyncItem.findMany({ where: { shop: other }, select: { customerGid: true } })).toEqual([{ customerGid: a!.id }]);
  });
});
