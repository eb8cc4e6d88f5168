import { randomUUID } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import * as experimentsRoute from "../../app/routes/app.experiments";
import { customizationArm, customizationConfig, saveCustomizationExperiment } from "../../app/services/customization-experiments.server";
import { experimentsPage, type CustomizationResult } from "../../app/services/experiments.server";
import { adminRequest, installShop } from "../support/admin-request";
import { newShop } from "../support/decisions";
import { drainWebhookQueue } from "../support/queue";
import { callAction, webhookRoute } from "../support/routes";
import { sampleBodies, webhookRequest } from "../support/webhook-request";

// The delivery and payment experiments measured end to end: saved through the editor's service,
// exposures from Shopify's checkout webhooks, orders and refunds from its order webhooks, the
// read-out from the Experiments page's loader.

const actor = { staffId: "42", name: "Local Staff", via: "admin" as const };
const HOUR = 3_600_000;
const samples = new Map(sampleBodies().map((s) => [s.topic, JSON.parse(s.body) as Record<string, unknown>]));
const gid = (n: number) => `gid://shopify/Customer/${n}`;
const CHECKED_OUT_AT = new Date(Math.floor((Date.now() - 2 * HOUR) / 1000) * 1000);
const at = (ms: number) => new Date(CHECKED_OUT_AT.getTime() + ms).toISOString();

const RENAME = {
  delivery: { op: "rename", match: { titleContains: "Express" }, title: "Express (1–2 business days)" },
  payment: { op: "rename", match: { nameContains: "Card" }, name: "Card (no fee)" },
};
const experiment = (name: string, control = 50, fast = 50, kind: "delivery" | "payment" = "delivery") => ({
  v: 1,
  experiment: name,
  hashVersion: 2,
  arms: [
    { name: "control", weight: control, ops: [] },
    { name: "fast-first", weight: fast, ops: [RENAME[kind]] },
  ],
});

async function save(shop: string, kind: "delivery" | "payment", config: unknown) {
  const current = await prisma.setting.findUnique({ where: { shop_key: { shop, key: `customization:${kind}` } } });
  const result = await saveCustomizationExperiment(shop, kind, JSON.stringify(config), current?.version ?? 0, actor);
  expect(result.ok).toBe(true);
}

async function deliver(shop: string, topic: string, payload: unknown) {
  const res = await callAction(await webhookRoute(topic), webhookRequest({ topic, shop, body: JSON.stringify(payload) }));
  expect(res.status, `${topic} answered ${res.status}`).toBe(200);
}

/** Shopify's checkout sample, for a logged-in customer (or a guest when `customer` is null). */
function checkout(customer: number | null, updatedAt = at(0)) {
  return {
    ...samples.get("checkouts/create"),
    token: randomUUID().replaceAll("-", ""),
    cart_token: randomUUID().replaceAll("-", ""),
    created_at: at(0),
    updated_at: updatedAt,
    completed_at: null,
    customer: customer === null ? null : { id: customer, email: `c${customer}@example.com`, admin_graphql_api_id: gid(customer) },
  };
}

let orderSeq = 0;
/** Shopify's order sample: subtotal 50.00, no discount, placed `createdAt` by `customer`. */
function order(customer: number | null, createdAt: string) {
  const id = 7_000_000 + ++orderSeq;
  return {
    ...samples.get("orders/create"),
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    currency: "USD",
    total_price: "55.00",
    subtotal_price: "50.00",
    current_subtotal_price: "50.00",
    total_discounts: "0.00",
    financial_status: "paid",
    cancelled_at: null,
    created_at: createdAt,
    updated_at: createdAt,
    checkout_token: null,
    discount_applications: [],
    customer: customer === null ? null : { id: customer, email: `c${customer}@example.com`, admin_graphql_api_id: gid(customer) },
  };
}

async function page(shop: string) {
  const res = await experimentsRoute.loader({ request: await adminRequest(shop, "/app/experiments"), params: {}, context: {} } as LoaderFunctionArgs);
  expect(res.status).toBe(200);
  return (await res.json()) as Awaited<ReturnType<typeof experimentsPage>>;
}

const exposures = (shop: string) => prisma.exposure.findMany({ where: { shop }, orderBy: { unitId: "asc" } });

afterAll(async () => {
  await stopQueue();
});

describe("delivery and payment experiment lift", () => {
  const shop = newShop("lift");
  const other = newShop("lift-other");
  const CUSTOMERS = Array.from({ length: 80 }, (_, i) => 5_000 + i);
  // Every third customer orders after checkout, one of them twice; one other ordered only before it.
  const BUYERS = CUSTOMERS.filter((c) => c % 3 === 0);
  const TWICE = BUYERS[0]!;
  const EARLIER = 5_002;

  it("a logged-in customer reaching checkout is exposed in the arm the Function gives them; a guest is not", async () => {
    await installShop(shop);
    await save(shop, "delivery", experiment("delivery-lift-1"));
    for (const c of CUSTOMERS) await deliver(shop, "checkouts/create", checkout(c));
    await deliver(shop, "checkouts/create", checkout(null));
    await drainWebhookQueue();

    const config = await customizationConfig(shop, "delivery");
    const rows = await exposures(shop);
    expect(rows).toHaveLength(CUSTOMERS.length);
    for (const row of rows) {
      expect(row.experimentKey).toBe("customization:delivery:delivery-lift-1");
      expect(row.arm).toBe(customizationArm(config, row.unitId));
      expect(row.exposedAt.toISOString()).toBe(at(0));
    }
    expect(rows.map((r) => r.unitId).sort()).toEqual(CUSTOMERS.map(gid).sort());
    // Both arms got customers, so the read-out below compares something.
    expect(new Set(rows.map((r) => r.arm))).toEqual(new Set(["control", "fast-first"]));
    // The payment experiment is idle: nobody is exposed to it.
    expect(rows.some((r) => r.experimentKey.startsWith("customization:payment"))).toBe(false);
  });

  it("a later checkout of the same customer keeps the first exposure", async () => {
    const before = await prisma.exposure.findUniqueOrThrow({ where: { shop_experimentKey_unitId: { shop, experimentKey: "customization:delivery:delivery-lift-1", unitId: gid(CUSTOMERS[0]!) } } });
    await deliver(shop, "checkouts/update", checkout(CUSTOMERS[0]!, at(HOUR)));
    await deliver(shop, "checkouts/create", checkout(CUSTOMERS[0]!, at(HOUR / 2)));
    await drainWebhookQueue();
    const after = await prisma.exposure.findUniqueOrThrow({ where: { shop_experimentKey_unitId: { shop, experimentKey: "customization:delivery:delivery-lift-1", unitId: gid(CUSTOMERS[0]!) } } });
    expect(after).toEqual(before);
    expect(await prisma.exposure.count({ where: { shop } })).toBe(CUSTOMERS.length);
  });

  it("the Experiments page counts conversions, revenue and profit per arm against control", async () => {
    for (const c of BUYERS) await deliver(shop, "orders/create", order(c, at(10 * 60_000)));
    await deliver(shop, "orders/create", order(TWICE, at(40 * 60_000)));
    await deliver(shop, "orders/create", order(EARLIER, at(-HOUR))); // before checkout: not the experiment's
    await deliver(shop, "orders/create", order(null, at(10 * 60_000))); // a guest's: no unit
    await deliver(shop, "orders/create", order(9_999, at(10 * 60_000))); // never reached checkout
    await drainWebhookQueue();

    const config = await customizationConfig(shop, "delivery");
    const expected = (arm: string) => {
      const units = CUSTOMERS.filter((c) => customizationArm(config, gid(c)) === arm);
      const buyers = units.filter((c) => BUYERS.includes(c));
      const orders = buyers.length + (units.includes(TWICE) ? 1 : 0);
      return { arm, units: units.length, conversions: buyers.length, revenueMinor: orders * 5_000 };
    };
    const { customizationResults } = await page(shop);
    expect(customizationResults.map((r) => [r.kind, r.experiment, r.control])).toEqual([["delivery", "delivery-lift-1", "control"]]);
    const result = customizationResults[0]!;
    expect(result.arms.map((a) => a.arm)).toEqual(["control", "fast-first"]);
    for (const a of result.arms) {
      const e = expected(a.arm);
      expect(a).toMatchObject({ units: e.units, conversions: e.conversions });
      expect(a.conversionRate).toBeCloseTo(e.conversions / e.units, 12);
      expect(a.revenuePerVisitorMinor).toBeCloseTo(e.revenueMinor / e.units, 9);
      // No decision carries a cost, so profit is what the shop kept of the net.
      expect(a.profitPerVisitorMinor).toBeCloseTo(e.revenueMinor / e.units, 9);
    }
    expect(result.units).toBe(CUSTOMERS.length);
    expect(result.unlinkedUnits).toBe(0);
    expect(result.split).toEqual({ control: 0.5, "fast-first": 0.5 });
    expect(result.report.control).toBe("control");
    expect(result.report.srm).toMatchObject({ ok: true, observed: { control: expected("control").units, "fast-first": expected("fast-first").units } });
    const conversion = result.report.metrics.find((m) => m.metric === "conversion");
    expect(conversion).toMatchObject({ ok: true, arm: "fast-first" });
    if (conversion?.ok) {
      const c = expected("control");
      const t = expected("fast-first");
      expect(conversion.controlMean).toBeCloseTo(c.conversions / c.units, 12);
      expect(conversion.lift.expected).toBeCloseTo((t.conversions / t.units - c.conversions / c.units) / (c.conversions / c.units), 9);
      expect(conversion.lift.ci[0]).toBeLessThan(conversion.lift.expected);
      expect(conversion.lift.ci[1]).toBeGreaterThan(conversion.lift.expected);
    }
    expect(result.report.metrics.map((m) => m.metric).sort()).toEqual(["conversion", "profit_per_visitor", "revenue_per_visitor"]);
  });

  it("refunds lower profit per visitor, not revenue: orders/updated and refunds/create", async () => {
    const config = await customizationConfig(shop, "delivery");
    const buyerIn = (arm: string) => BUYERS.find((c) => c !== TWICE && customizationArm(config, gid(c)) === arm)!;
    const orderOf = async (c: number) => (await prisma.order.findFirstOrThrow({ where: { shop, customerGid: gid(c) } })).shopifyGid;
    const before = (await page(shop)).customizationResults[0]!;

    // Control: orders/updated says 20.00 of the 50.00 is left. Fast-first: a 10.00 refund.
    const updated = order(buyerIn("control"), at(10 * 60_000));
    const controlOrder = await orderOf(buyerIn("control"));
    const id = Number(controlOrder.split("/").pop());
    await deliver(shop, "orders/updated", { ...updated, id, admin_graphql_api_id: controlOrder, financial_status: "partially_refunded", current_subtotal_price: "20.00", updated_at: at(20 * 60_000) });
    const refunded = Number((await orderOf(buyerIn("fast-first"))).split("/").pop());
    await deliver(shop, "refunds/create", { id: 1, order_id: refunded, created_at: at(30 * 60_000), refund_line_items: [{ id: 1, quantity: 1, subtotal: "10.00" }] });
    await drainWebhookQueue();

    const after = (await page(shop)).customizationResults[0]!;
    const arm = (r: CustomizationResult, name: string) => r.arms.find((a) => a.arm === name)!;
    for (const [name, refundMinor] of [["control", 3_000], ["fast-first", 1_000]] as const) {
      const b = arm(before, name);
      const a = arm(after, name);
      expect(a.conversions).toBe(b.conversions);
      expect(a.revenuePerVisitorMinor).toBeCloseTo(b.revenuePerVisitorMinor, 9);
      expect(a.profitPerVisitorMinor).toBeCloseTo(b.profitPerVisitorMinor - refundMinor / a.units, 9);
    }
  });

  it("another shop's exposures and orders stay its own", async () => {
    await save(other, "delivery", experiment("delivery-lift-1"));
    const theirs = CUSTOMERS.slice(0, 10);
    for (const c of theirs) await deliver(other, "checkouts/create", checkout(c));
    await drainWebhookQueue();

    expect((await exposures(other)).map((r) => r.unitId).sort()).toEqual(theirs.map(gid).sort());
    expect(await prisma.exposure.count({ where: { shop } })).toBe(CUSTOMERS.length);
    const [result] = (await experimentsPage(other)).customizationResults;
    // The same customers ordered in the first shop, not in this one.
    expect(result!.units).toBe(10);
    expect(result!.arms.reduce((n, a) => n + a.conversions, 0)).toBe(0);
    expect((await page(shop)).customizationResults[0]!.units).toBe(CUSTOMERS.length);
  });
});

describe("what is and is not an experiment", () => {
  it("idle and single-arm configurations record nothing and show no read-out", async () => {
    const shop = newShop("lift-idle");
    for (const c of [1, 2, 3]) await deliver(shop, "checkouts/create", checkout(c));
    await drainWebhookQueue();
    expect(await prisma.exposure.count({ where: { shop } })).toBe(0);

    // One arm that hides a method, and two arms of which only one receives customers.
    await save(shop, "payment", { v: 1, experiment: "pay-1", hashVersion: 2, arms: [{ name: "only", weight: 100, ops: [{ op: "hide", match: { nameContains: "Cash" } }] }] });
    await save(shop, "delivery", experiment("delivery-off", 0, 100));
    for (const c of [1, 2, 3, 4]) await deliver(shop, "checkouts/create", checkout(c));
    await drainWebhookQueue();
    expect(await prisma.exposure.count({ where: { shop } })).toBe(0);
    expect((await experimentsPage(shop)).customizationResults).toEqual([]);
  });

  it("reweighting keeps everyone's first arm; renaming the experiment starts a fresh measurement", async () => {
    const shop = newShop("lift-rename");
    const customers = Array.from({ length: 40 }, (_, i) => 8_000 + i);
    await save(shop, "payment", experiment("pay-a", 50, 50, "payment"));
    for (const c of customers) await deliver(shop, "checkouts/create", checkout(c));
    await drainWebhookQueue();
    const first = new Map((await exposures(shop)).map((r) => [r.unitId, r.arm]));
    expect(first.size).toBe(customers.length);

    await save(shop, "payment", experiment("pay-a", 1, 99, "payment"));
    const reweighted = await customizationConfig(shop, "payment");
    // Someone the new weights would move: the test means something only if there is one.
    expect(customers.some((c) => customizationArm(reweighted, gid(c)) !== first.get(gid(c)))).toBe(true);
    for (const c of customers) await deliver(shop, "checkouts/update", checkout(c, at(HOUR)));
    await drainWebhookQueue();
    expect(new Map((await exposures(shop)).map((r) => [r.unitId, r.arm]))).toEqual(first);

    await save(shop, "payment", { ...experiment("pay-b", 30, 70, "payment"), arms: [{ name: "Fast-first", weight: 30, ops: [] }, { name: "Control", weight: 70, ops: [] }] });
    const renamed = await customizationConfig(shop, "payment");
    for (const c of customers.slice(0, 20)) await deliver(shop, "checkouts/update", checkout(c, at(HOUR)));
    await drainWebhookQueue();
    const fresh = await prisma.exposure.findMany({ where: { shop, experimentKey: "customization:payment:pay-b" } });
    expect(fresh).toHaveLength(20);
    for (const row of fresh) expect(row.arm).toBe(customizationArm(renamed, row.unitId));
    expect(await prisma.exposure.count({ where: { shop, experimentKey: "customization:payment:pay-a" } })).toBe(customers.length);

    const results = (await experimentsPage(shop)).customizationResults;
    expect(results.map((r) => [r.experiment, r.units, r.control])).toEqual([["pay-b", 20, "Control"]]);
    expect(results[0]!.arms[0]!.arm).toBe("Control");
    expect(results[0]!.split).toEqual({ "Fast-first": 0.3, Control: 0.7 });
  });
});
