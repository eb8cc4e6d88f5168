import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import { seededRng, simulateBgNbdTransactions, type Transaction } from "../../app/engine/clv";
import { scoreShop } from "../../app/services/customer-intelligence.server";
import * as overviewPage from "../../app/routes/app.customers";
import * as profilePage from "../../app/routes/app.customers.$id";
import { adminRequest, installShop } from "../support/admin-request";
import { callAction } from "../support/routes";

const DAY = 86_400_000;
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY);
const gid = (n: number) => `gid://shopify/Customer/${n}`;
const newShop = (p: string) => `${p}-${randomUUID().slice(0, 8)}.myshopify.com`;
const CATEGORIES = ["Coffee", "Tea", "Mugs"];

/** Customers and orders as the webhooks would have stored them. */
async function seed(shop: string, tx: Transaction[], extra: { cancelledFor?: string } = {}) {
  const customers = [...new Set(tx.map((t) => t.customerId))];
  await prisma.customer.createMany({ data: customers.map((c) => ({ shop, shopifyGid: c, firstName: `First${c.split("/").pop()}`, lastName: shop.slice(0, 5) })) });
  await prisma.order.createMany({
    data: tx.map((t, i) => ({
      shop,
      shopifyGid: `gid://shopify/Order/${shop.length}${i}`,
      customerGid: t.customerId,
      currency: "USD",
      totalPrice: t.amount.toFixed(2),
      financialStatus: "paid",
      lineItems: [{ product_type: CATEGORIES[Number(t.customerId.split("/").pop()) % 3], quantity: 1 }],
      shopifyCreatedAt: t.date,
      shopifyUpdatedAt: t.date,
    })),
  });
  if (extra.cancelledFor) {
    await prisma.customer.create({ data: { shop, shopifyGid: extra.cancelledFor } });
    await prisma.order.create({
      data: { shop, shopifyGid: `gid://shopify/Order/cancelled-${shop}`, customerGid: extra.cancelledFor, currency: "USD", totalPrice: "99.00", lineItems: [], cancelledAt: NOW, shopifyCreatedAt: new Date(NOW.getTime() - 5 * DAY), shopifyUpdatedAt: NOW },
    });
  }
}

function simulated(customers: number, seed: number, firstId: number): Transaction[] {
  return simulateBgNbdTransactions(
    { r: 0.8, alpha: 6, a: 0.8, b: 2.5 },
    {
      customers,
      firstPurchase: (i) => new Date(NOW.getTime() - (400 - (i % 200)) * DAY),
      end: new Date(NOW.getTime() - DAY),
      unit: "weeks",
      spend: { p: 6, q: 4, v: 150 },
      rng: seededRng(seed),
      customerId: (i) => gid(firstId + i),
    },
  );
}

const repeaters = (tx: Transaction[]) => {
  const days = new Map<string, Set<number>>();
  for (const t of tx) days.set(t.customerId, (days.get(t.customerId) ?? new Set()).add(Math.floor(t.date.getTime() / DAY)));
  return [...days.values()].filter((d) => d.size > 1).length;
};

describe("customer intelligence", () => {
  const big = newShop("clv-big");
  const small = newShop("clv-small");
  const bigTx = simulated(300, 7, 1000);
  // 20 repeaters and 40 one-time buyers; customer 1000 shares a GID with the big shop.
  const smallTx: Transaction[] = Array.from({ length: 60 }, (_, i) => {
    const id = gid(1000 + i);
    const first = { customerId: id, date: new Date(NOW.getTime() - (100 + i) * DAY), amount: 30 + i };
    return i < 20 ? [first, { customerId: id, date: new Date(NOW.getTime() - (20 + i) * DAY), amount: 25 }] : [first];
  }).flat();

  beforeAll(async () => {
    await installShop(big);
    await installShop(small);
    await seed(big, bigTx, { cancelledFor: gid(999) });
    await seed(small, smallTx);
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("scores every customer with orders from the models, with tiers, intervals and a model run", async () => {
    expect(repeaters(bigTx)).toBeGreaterThanOrEqual(100);
    const result = await scoreShop(big, NOW);
    expect(result).toMatchObject({ status: "ok", n: 300 });
    const scores = await prisma.customerScore.findMany({ where: { shop: big } });
    expect(new Set(scores.map((s) => s.customerGid))).toEqual(new Set(bigTx.map((t) => t.customerId))); // not gid(999): cancelled only
    for (const s of scores) {
      expect(s.source).toBe("model");
      expect(s.pAlive).toBeGreaterThanOrEqual(0);
      expect(s.pAlive).toBeLessThanOrEqual(1);
      expect(s.churnRisk).toBeCloseTo(1 - s.pAlive, 9);
      expect(s.clvLowMinor!).toBeLessThanOrEqual(s.clvMinor);
      expect(s.clvMinor).toBeLessThanOrEqual(s.clvHighMinor!);
      expect(CATEGORIES).toContain(s.topCategory);
      expect(s.reasoning).not.toMatch(/^Rule-based/);
    }
    const run = await prisma.modelRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "ok", n: 300, repeatCustomers: repeaters(bigTx) });
    expect(run.logLikelihood).toBeLessThan(0);
    const thresholds = run.tierThresholds as { platinum: number; gold: number; silver: number };
    const rank = { platinum: 3, gold: 2, silver: 1, bronze: 0 } as Record<string, number>;
    const expected = (clv: number) => (clv >= thresholds.platinum ? 3 : clv >= thresholds.gold ? 2 : clv >= thresholds.silver ? 1 : 0);
    for (const s of scores) expect(rank[s.tier]).toBe(expected(s.clvMinor));
    const count = (t: string) => scores.filter((s) => s.tier === t).length;
    expect(count("platinum")).toBeGreaterThanOrEqual(15);
    expect(count("platinum")).toBeLessThanOrEqual(16);
    expect(count("platinum") + count("gold")).toBeGreaterThanOrEqual(60);
    const calibration = run.calibration as { status: string; groups: unknown[]; totalActual: number };
    expect(calibration.status).toBe("ok");
    expect(calibration.groups.length).toBeGreaterThan(2);
    expect(calibration.totalActual).toBeGreaterThan(0);
    expect(run.drift).toMatchObject({ status: "no-baseline" });
    const audit = await prisma.auditLog.findFirst({ where: { shop: big, entity: result.runId } });
    expect(audit).toMatchObject({ event: "customers.scored", actor: "system" });
  });

  it("a shop with 20 repeat customers gets labelled rule-based scores, from its own orders only", async () => {
    const result = await scoreShop(small, NOW);
    expect(result).toMatchObject({ status: "insufficient_data", n: 60, repeatCustomers: 20 });
    expect(result.reason).toMatch(/at least 100 repeat customers; the data have 20/);
    const scores = await prisma.customerScore.findMany({ where: { shop: small } });
    expect(scores).toHaveLength(60);
    for (const s of scores) {
      expect(s).toMatchObject({ source: "rules", modelVersion: "rules-v1", clvLowMinor: null, clvHighMinor: null });
      expect(s.reasoning).toMatch(/^Rule-based/);
    }
    // Customer 1000 exists in both shops: here it has exactly the small shop's two orders.
    const shared = scores.find((s) => s.customerGid === gid(1000))!;
    expect(shared.orders).toBe(2);
    expect(shared.lastOrderAt.getTime()).toBe(NOW.getTime() - 20 * DAY);
    const run = await prisma.modelRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "insufficient_data", params: null });
    // And the big shop's scores were left alone.
    expect(await prisma.customerScore.count({ where: { shop: big } })).toBe(300);
  });

  it("the pages load for each shop, a profile 404s elsewhere, and Rescore now rescoring with drift", async () => {
    const res = await overviewPage.loader({ request: await adminRequest(big, "/app/customers"), params: {}, context: {} });
    expect(res.status).toBe(200);
    const data = (await res.json()) as { latestRun: { status: string }; atRisk: { pathId: string; name: string }[]; tiers: { customers: number }[] };
    expect(data.latestRun.status).toBe("ok");
    expect(data.tiers.reduce((s, t) => s + t.customers, 0)).toBe(300);
    expect(data.atRisk.length).toBeGreaterThan(0);
    expect(data.atRisk[0]!.name).toContain(big.slice(0, 5));

    const id = data.atRisk[0]!.pathId;
    const profile = await profilePage.loader({ request: await adminRequest(big, `/app/customers/${id}`), params: { id }, context: {} });
    expect(profile.status).toBe(200);
    const body = (await profile.json()) as { reasoning: string; churnRisk: number };
    expect(body.churnRisk).toBeGreaterThanOrEqual(0.3);
    expect(body.reasoning.length).toBeGreaterThan(10);

    const other = newShop("clv-other");
    await installShop(other);
    const thrown = await profilePage.loader({ request: await adminRequest(other, `/app/customers/${id}`), params: { id }, context: {} }).catch((e: unknown) => e);
    expect((thrown as Response).status).toBe(404);
    const empty = await overviewPage.loader({ request: await adminRequest(other, "/app/customers"), params: {}, context: {} });
    expect(await empty.json()).toMatchObject({ orders: 0, latestRun: null });

    const post = (intent: string) =>
      adminRequest(small, "/app/customers", { method: "POST", body: new URLSearchParams({ intent }), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await callAction(overviewPage.action, await post("delete-everything"))).status).toBe(400);
    const rescored = await callAction(overviewPage.action, await post("rescore"));
    expect(rescored.status).toBe(200);
    expect(await rescored.json()).toMatchObject({ ok: true, status: "insufficient_data", n: 60 });
    const runs = await prisma.modelRun.findMany({ where: { shop: small }, orderBy: { createdAt: "asc" } });
    expect(runs).toHaveLength(2);
    expect(runs[1]!.drift).toMatchObject({ status: "ok" });
    expect(await prisma.auditLog.count({ where: { shop: small, event: "customers.scored", actor: "user", actorId: "42" } })).toBe(1);
  });
});
