import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import { decideFor } from "../../app/services/decide.server";
import * as policyRoute from "../../app/routes/app.policies.$workflow";
import { checkoutRequest, newShop, putSetting, setFlag } from "../support/decisions";
import { callAction, webhookRoute } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";
import { sampleBodies, webhookRequest } from "../support/webhook-request";
import { drainWebhookQueue } from "../support/queue";
import { installShop } from "../support/admin-request";

const W = "checkout_incentive";
const NO_HOLDOUT = { universalHoldout: { percent: 0, seed: "u" }, holdoutPercent: 0 };

afterAll(async () => {
  await stopQueue();
});

async function savePolicyForm(shop: string, policy: unknown, expectedVersion = "0") {
  const text = typeof policy === "string" ? policy : JSON.stringify(policy);
  const request = await staffRequest(shop, "7001", `/app/policies/${W}`, formPost({ policy: text, expectedVersion }));
  const res = await policyRoute.action({ request, params: { workflow: W }, context: {} });
  return { status: res.status, body: (await res.json()) as { ok: boolean; version?: number; error?: string; fieldErrors?: Record<string, string> } };
}

const rulesPolicy = {
  id: "vip",
  version: 0,
  workflow: W,
  mode: "rules",
  rules: [
    { id: "bad-op", when: [{ field: "cart.subtotalMinor", op: "roughly", value: 1 }], action: { type: "percentage_discount", percent: 12 } },
    { id: "gold", when: [{ field: "customer.tier", op: "eq", value: "gold" }], action: { type: "percentage_discount", percent: 7 } },
  ],
};

describe("policies are data, edited in the admin", () => {
  it("saves a valid policy as a new version with a policy.changed audit entry naming the staff member, and decisions use it", async () => {
    const shop = newShop("policy");
    await installShop(shop);
    await setFlag(shop, W);
    await putSetting(shop, "experiments", NO_HOLDOUT);
    const saved = await savePolicyForm(shop, rulesPolicy);
    expect(saved).toMatchObject({ status: 200, body: { ok: true, version: 1 } });
    const row = await prisma.setting.findUnique({ where: { shop_key: { shop, key: `policy:${W}` } } });
    expect(row?.version).toBe(1);
    expect((row?.value as { version: number }).version).toBe(1); // the setting's version, not the document's
    const [audit] = await prisma.auditLog.findMany({ where: { shop, event: "policy.changed" } });
    expect(audit).toMatchObject({ actor: "user", actorId: "7001", workflow: W });

    const result = await decideFor(shop, checkoutRequest(`u-${randomUUID()}`));
    // The unknown operator fails closed, so the first rule never matches; the second decides.
    expect(result.decision?.ruleId).toBe("gold");
    expect(result.decision?.action).toEqual({ type: "percentage_discount", percent: 7 });
    expect(result.decision?.modelVersion).toContain("vip@1");
    expect(result.decision?.reasons.join("\n")).toMatch(/roughly/);
  });

  it("refuses invalid JSON, an invalid policy and another workflow's policy, writing nothing", async () => {
    const shop = newShop("policy-bad");
    await installShop(shop);
    expect((await savePolicyForm(shop, "{not json")).status).toBe(422);
    const noMode = await savePolicyForm(shop, { ...rulesPolicy, mode: "magic" });
    expect(noMode.status).toBe(422);
    expect(Object.keys(noMode.body.fieldErrors ?? {})).toContain("mode");
    expect((await savePolicyForm(shop, { ...rulesPolicy, workflow: "abandoned_cart" })).status).toBe(422);
    expect(await prisma.setting.count({ where: { shop } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { shop, event: "policy.changed" } })).toBe(0);
  });

  it("refuses a stale save (someone saved in between)", async () => {
    const shop = newShop("policy-stale");
    await installShop(shop);
    expect((await savePolicyForm(shop, rulesPolicy, "0")).status).toBe(200);
    const stale = await savePolicyForm(shop, { ...rulesPolicy, id: "other" }, "0");
    expect(stale.status).toBe(409);
    const row = await prisma.setting.findUnique({ where: { shop_key: { shop, key: `policy:${W}` } } });
    expect((row?.value as { id: string }).id).toBe("vip");
  });
});

describe("the learning policy learns from orders", () => {
  it("counts each served arm and credits an order's margin-aware reward once, even when the webhook is delivered twice", async () => {
    const shop = newShop("learning");
    await installShop(shop);
    await setFlag(shop, W);
    await putSetting(shop, "experiments", NO_HOLDOUT);
    await putSetting(shop, "guardrails", { maxDiscountPercent: 20, frequency: { maxOffersPerWindow: null, minMinutesBetweenOffers: null }, approval: { cartValueAboveMinor: null, discountAboveMinor: null } });
    await putSetting(shop, `policy:${W}`, {
      id: "bandit",
      version: 1,
      workflow: W,
      mode: "learning",
      arms: [
        { id: "ten", action: { type: "percentage_discount", percent: 10 } },
        { id: "nothing", action: { type: "none" } },
      ],
      segmentBy: ["customer.tier"],
    });

    const sample = sampleBodies().find((s) => s.topic === "orders/create")!;
    const order = JSON.parse(sample.body) as { created_at: string; customer: { admin_graphql_api_id: string }; subtotal_price: string };
    const customerGid = order.customer.admin_graphql_api_id;
    const orderAt = new Date(order.created_at);
    // Ten shoppers served an hour before the sample order; the last is the order's customer.
    const units = [...Array.from({ length: 9 }, () => `gid://shopify/Customer/${randomUUID()}`), customerGid];
    const served: string[] = [];
    for (const unitId of units) {
      const r = await decideFor(shop, checkoutRequest(unitId, [{ price: 20_000, cost: 8_000 }], { customerGid: unitId }), { now: new Date(orderAt.getTime() - 3_600_000) });
      expect(r.decision?.source).toBe("learning");
      served.push(r.decision!.ruleId!);
    }
    const stats = await prisma.armStat.findMany({ where: { shop, workflow: W } });
    expect(stats.reduce((n, s) => n + s.n, 0)).toBe(10);
    expect(stats.every((s) => s.segment === 'customer.tier="gold"' && s.sum === 0)).toBe(true);

    // The order arrives twice (two deliveries of one event) and once more as a new event id.
    for (const eventId of ["evt-1", "evt-1", "evt-2"]) {
      const res = await callAction(await webhookRoute("orders/create"), webhookRequest({ topic: "orders/create", shop, body: sample.body, eventId }));
      expect(res.status).toBe(200);
    }
    await drainWebhookQueue();

    const arm = served.at(-1)!;
    const after = await prisma.armStat.findUniqueOrThrow({ where: { shop_workflow_segment_armId: { shop, workflow: W, segment: 'customer.tier="gold"', armId: arm } } });
    // Margin share of the decided cart is 60 %; reward = 60 % of the order subtotal − the decided discount.
    const decision = await prisma.decision.findFirstOrThrow({ where: { shop, unitId: customerGid } });
    const discount = (decision.decision as { discountMinor: number }).discountMinor;
    const expected = Math.round(Math.round(Number(order.subtotal_price) * 100) * 0.6) - discount;
    expect(after.sum).toBe(expected);
    expect(after.sumSquares).toBe(expected * expected);
    expect(decision.rewardedAt).not.toBeNull();
    // Other shoppers did not buy: their exposures stay at reward 0.
    expect((await prisma.armStat.findMany({ where: { shop } })).reduce((n, s) => n + s.sum, 0)).toBe(expected);
  });
});
