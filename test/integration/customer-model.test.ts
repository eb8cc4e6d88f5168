import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import { scoreShop } from "../../app/services/customer-intelligence.server";
import * as page from "../../app/routes/app.customer-model";
import { adminRequest, installShop } from "../support/admin-request";
import { callAction } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";

// Per-shop tier boundaries and next-best-action rules, saved from the admin and used by the next
// scoring run.

const DAY = 86_400_000;
const NOW = new Date("2026-11-20T00:00:00Z");
const shop = `model-${randomUUID().slice(0, 8)}.myshopify.com`;
const CUSTOMERS = 40;

afterAll(stopQueue);

async function seed() {
  await installShop(shop);
  const gids = Array.from({ length: CUSTOMERS }, (_, i) => `gid://shopify/Customer/${9000 + i}`);
  await prisma.customer.createMany({ data: gids.map((g) => ({ shop, shopifyGid: g })) });
  await prisma.order.createMany({
    data: gids.flatMap((g, i) =>
      Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        shop,
        shopifyGid: `gid://shopify/Order/${9000 + i}${k}`,
        customerGid: g,
        currency: "USD",
        totalPrice: (20 + i * 7).toFixed(2),
        financialStatus: "paid",
        lineItems: [],
        shopifyCreatedAt: new Date(NOW.getTime() - (30 + k * 40 + i) * DAY),
        shopifyUpdatedAt: NOW,
      })),
    ),
  });
}

const post = async (fields: Record<string, string>) => {
  const res = await callAction(page.action, await staffRequest(shop, "7001", "/app/customer-model", formPost(fields)));
  return { status: res.status, body: (await res.json()) as { ok: boolean; fieldErrors?: Record<string, string> } };
};
const tiers = async () => {
  const rows = await prisma.customerScore.groupBy({ by: ["tier"], where: { shop }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.tier, r._count._all]));
};

describe("customer model settings", () => {
  it("moves tier boundaries and replaces the next-best-action rules for the next scoring run", async () => {
    await seed();
    const loaded = (await (await page.loader({ request: await adminRequest(shop, "/app/customer-model"), params: {}, context: {} })).json()) as { version: number; custom: boolean; quantiles: { platinum: number } };
    expect(loaded).toMatchObject({ version: 0, custom: false, quantiles: { platinum: 0.95 } });
    await scoreShop(shop, NOW);
    expect((await tiers()).platinum).toBeLessThanOrEqual(3);

    const rules = JSON.stringify([{ id: "everyone", when: [{ field: "orders", op: "gte", value: 1 }], action: "loyalty_invite", template: "A {tier} customer" }]);
    const saved = await post({ platinum: "50", gold: "25", silver: "10", rules, expectedVersion: "0" });
    expect(saved).toMatchObject({ status: 200, body: { ok: true } });
    await scoreShop(shop, NOW);
    const after = await tiers();
    expect(after.platinum).toBeGreaterThanOrEqual(CUSTOMERS / 2 - 1);
    expect(after.platinum).toBeLessThanOrEqual(CUSTOMERS / 2 + 1);
    const scores = await prisma.customerScore.findMany({ where: { shop } });
    expect(new Set(scores.map((s) => s.nbaRuleId))).toEqual(new Set(["everyone"]));
    expect(scores.every((s) => s.reasoning.endsWith(`A ${s.tier} customer`))).toBe(true);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shop, event: "settings.changed", entity: "customer-model" } });
    expect(audit.actorId).toBe("7001");
  });

  it("refuses boundaries out of order, rules that are not JSON or not rules, and a stale save, writing nothing", async () => {
    const rules = JSON.stringify([{ id: "x", when: [], action: "no_action", template: "t" }]);
    const version = (await prisma.setting.findUniqueOrThrow({ where: { shop_key: { shop, key: "customer-model" } } })).version;
    const order = await post({ platinum: "50", gold: "60", silver: "10", rules, expectedVersion: String(version) });
    expect(order.status).toBe(422);
    expect(Object.values(order.body.fieldErrors ?? {}).join()).toMatch(/silver < gold < platinum/);
    expect((await post({ platinum: "90", gold: "60", silver: "10", rules: "[{", expectedVersion: String(version) })).body.fieldErrors?.rules).toMatch(/not JSON/);
    const badAction = await post({ platinum: "90", gold: "60", silver: "10", rules: JSON.stringify([{ id: "x", when: [], action: "give_money", template: "t" }]), expectedVersion: String(version) });
    expect(badAction.body.fieldErrors?.rules).toMatch(/^0\.action/);
    expect((await post({ platinum: "90", gold: "60", silver: "10", rules, expectedVersion: "0" })).status).toBe(409);
    expect((await prisma.setting.findUniqueOrThrow({ where: { shop_key: { shop, key: "customer-model" } } })).version).toBe(version);
  });
});
