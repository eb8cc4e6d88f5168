import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { AdminGraphql } from "../../app/integrations/shopify-admin.server";
import { verifyOffer } from "../../app/lib/offer-token.server";
import { writeSetting } from "../../app/models/settings.server";
import { ensureCheckoutSetup } from "../../app/services/checkout-setup.server";
import { entitlementSettingsView, saveTierOffers, syncEntitlements } from "../../app/services/entitlements.server";
import { offerKeys } from "../../app/services/offer-keys.server";
import { unauthenticated } from "../../app/shopify.server";
import { cartLinesDiscountsGenerateRun } from "../../extensions/uplift-discount/src";
import { completeCheckout } from "../../tools/local-shopify/checkout";
import { installShop } from "../support/admin-request";
import { localShopify } from "../support/local-shopify";

// Tier offers on every plan: the app signs each gold customer's offer into their `$app.entitlement`
// metafield; at checkout the discount Function (run by the local Shopify on the input its query
// selects) applies it to that customer, with no checkout extension and no network call.

const shop = `ent-${randomUUID().slice(0, 8)}.myshopify.com`;
const APP_URL = "https://uplift.example.test";
const query = readFileSync(resolve(import.meta.dirname, "../../extensions/uplift-discount/src/cart_lines_discounts_generate_run.graphql"), "utf8");
const functions = { "uplift-discount": { "cart.lines.discounts.generate.run": { inputQuery: query, run: (i: unknown) => cartLinesDiscountsGenerateRun(i as never) } } };
let graphql: AdminGraphql;

const score = (customerGid: string, tier: string) => ({
  shop,
  customerGid,
  source: "model",
  clvMinor: 10_000,
  expectedPurchases12m: 1,
  pAlive: 0.9,
  churnRisk: 0.1,
  frequency: 2,
  orders: 3,
  lastOrderAt: new Date(),
  tier,
  nextBestAction: "none",
  reasoning: "test",
  modelVersion: "test",
  scoredAt: new Date(),
});

describe("tier offers through customer metafields", () => {
  beforeAll(async () => {
    await installShop(shop);
    ({ admin: { graphql } } = await unauthenticated.admin(shop));
    const report = await ensureCheckoutSetup(shop, graphql, APP_URL);
    expect(report.parts.every((p) => p.state === "ok")).toBe(true);
  });

  it("writes a signed entitlement for gold customers only, and the Function applies it at checkout", async () => {
    const store = localShopify().stores.get(shop)!;
    const [gold, silver] = store.customers;
    await prisma.customerScore.createMany({ data: [score(gold!.id, "gold"), score(silver!.id, "silver")] });
    await prisma.$transaction((tx) => writeSetting(tx, shop, "entitlements", { currency: "USD", tiers: { gold: { kind: "percentage", value: "5" } } }, "test"));

    const now = new Date();
    const result = await syncEntitlements(shop, graphql, now);
    expect(result).toEqual({ written: 1, failed: 0, errors: [] });
    const stored = store.metafieldsOf(gold!.id).find((m) => m.key === "entitlement");
    expect(stored).toBeDefined();
    expect(store.metafieldsOf(silver!.id).find((m) => m.key === "entitlement")).toBeUndefined();
    const token = JSON.parse(stored!.value) as Record<string, unknown>;
    expect(verifyOffer(token, (await offerKeys(shop)).keys).ok).toBe(true);
    expect(token).toMatchObject({ kind: "percentage", value: "5", cust: gold!.id, cart: "", targets: "" });

    const variant = store.allVariants().find((v) => Number(v.price) >= 20)!;
    const lines = [{ variantId: variant.id, quantity: 2 }];
    const goldOrder = await completeCheckout(localShopify(), shop, { lines, customerId: gold!.id }, functions);
    const expected = Math.floor(Number(variant.price) * 2 * 5) / 100; // 5% of the line, rounded down to the cent
    const taken = goldOrder.order.lineItems.flatMap((l) => l.discountAllocations ?? []).reduce((n, a) => n + Number(a.amount), 0);
    expect(taken).toBeCloseTo(expected, 2);

    const silverOrder = await completeCheckout(localShopify(), shop, { lines, customerId: silver!.id }, functions);
    expect(silverOrder.order.lineItems.flatMap((l) => l.discountAllocations ?? [])).toEqual([]);
    const anonymous = await completeCheckout(localShopify(), shop, { lines }, functions);
    expect(anonymous.order.lineItems.flatMap((l) => l.discountAllocations ?? [])).toEqual([]);

    const audit = await prisma.auditLog.findFirst({ where: { shop, event: "entitlements.synced" } });
    expect(audit?.reasonsText).toContain("1 customers hold a tier offer");
  });

  it("the Settings form saves tier offers (audited, versioned) and refuses what is not an offer", async () => {
    const other = `ent-form-${randomUUID().slice(0, 8)}.myshopify.com`;
    const actor = { staffId: "42", name: "Local Staff", via: "admin" as const };
    const bad = await saveTierOffers(other, "USD", { platinum: "150", gold: "abc", silver: "none", bronze: "" }, 0, actor);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["gold", "platinum"]);
    expect((await entitlementSettingsView(other)).version).toBe(0);

    const good = await saveTierOffers(other, "USD", { platinum: "10", gold: "5.5", silver: "free_shipping", bronze: "none" }, 0, actor);
    expect(good).toEqual({ ok: true, version: 1 });
    const view = await entitlementSettingsView(other);
    expect(view.tiers).toEqual({ platinum: { kind: "percentage", value: "10" }, gold: { kind: "percentage", value: "5.5" }, silver: { kind: "free_shipping", value: "0" }, bronze: null });
    const stale = await saveTierOffers(other, "USD", { platinum: "1", gold: "", silver: "", bronze: "" }, 0, actor);
    expect(stale).toMatchObject({ ok: false, status: 409 });
    const audit = await prisma.auditLog.findFirst({ where: { shop: other, event: "settings.changed", entity: "entitlements" } });
    expect(audit?.reasonsText).toContain("tier offers saved by Local Staff");
  });
});
