import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import { decideFor } from "../../app/services/decide.server";
import { experimentResult } from "../../app/services/experiments.server";
import { shadowEstimate } from "../../app/services/shadow.server";
import { DEFAULT_EXPERIMENTS } from "../../app/services/workflow-defaults.server";
import * as flagsRoute from "../../app/routes/app.flags";
import * as guardrailsRoute from "../../app/routes/app.guardrails";
import * as experimentsRoute from "../../app/routes/app.experiments";
import { adminRequest, installShop } from "../support/admin-request";
import { checkoutRequest, liveShop, newShop, putSetting, setFlag, unitIn } from "../support/decisions";
import { callAction } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";

const W = "checkout_incentive";
const STAFF = "7001";
const DAY = 86_400_000;

async function load<T>(route: { loader: (args: LoaderFunctionArgs) => Promise<Response> }, shop: string, path: string): Promise<T> {
  const res = await route.loader({ request: await adminRequest(shop, path), params: {}, context: {} });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}
const post = async (route: typeof flagsRoute | typeof guardrailsRoute, shop: string, path: string, fields: Record<string, string>) =>
  callAction(route.action, await staffRequest(shop, STAFF, path, formPost(fields)));
const setting = (shop: string, key: string) => prisma.setting.findUnique({ where: { shop_key: { shop, key } } });
const audits = (shop: string, event: string) => prisma.auditLog.findMany({ where: { shop, event }, orderBy: { createdAt: "asc" } });

const flagForm = (over: Record<string, string> = {}) => ({
  intent: "save",
  workflow: W,
  expectedVersion: "0",
  mode: "live",
  rolloutPercent: "25",
  customerType: "returning",
  tiers: "",
  countries: "us, ca",
  devices: "",
  ...over,
});

const guardrailForm = (over: Record<string, string> = {}) => ({
  expectedVersion: "0",
  maxDiscountPercent: "20",
  marginFloorPercent: "25",
  marginFloorMin: "1.50",
  excludedProductIds: "gid://shopify/Product/1, gid://shopify/Product/2",
  excludedCollectionIds: "",
  excludedVariantIds: "gid://shopify/ProductVariant/9",
  maxOffersPerWindow: "2",
  minMinutesBetweenOffers: "",
  dailyBudget: "250",
  approvalCartValueAbove: "400",
  approvalDiscountAbove: "",
  ...over,
});

afterAll(async () => {
  await stopQueue();
});

describe("flags page", () => {
  let shop: string;
  beforeAll(async () => {
    shop = newShop("flags");
    await installShop(shop);
  });

  it("lists all six workflows off at version 0 on a new shop", async () => {
    const data = await load<{ workflows: { workflow: string; version: number; flag: { mode: string }; shadow: unknown }[] }>(flagsRoute, shop, "/app/flags");
    expect(data.workflows.map((w) => [w.workflow, w.version, w.flag.mode, w.shadow])).toEqual(
      ["checkout_incentive", "abandoned_cart", "post_purchase", "bundle", "payment_risk", "customer_nba"].map((w) => [w, 0, "off", null]),
    );
  });

  it("saving writes version 1 and a flag.changed audit entry naming the staff member", async () => {
    const res = await post(flagsRoute, shop, "/app/flags", flagForm());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: 1 });
    const row = await setting(shop, `flag:${W}`);
    expect(row).toMatchObject({ version: 1, updatedBy: "Local Staff" });
    expect(row!.value).toEqual({
      workflow: W,
      mode: "live",
      killed: false,
      rollout: { percent: 25, seed: W, hashVersion: 2 },
      targeting: { customerType: "returning", countries: ["US", "CA"] },
      version: 1,
    });
    const [entry, ...rest] = await audits(shop, "flag.changed");
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actor: "user", actorId: STAFF, entity: `flag:${W}`, workflow: W, before: { mode: "off", version: 0 }, after: { mode: "live", version: 1 } });
    expect(entry!.reasonsText).toContain("by Local Staff (staff 7001)");
    expect(entry!.reasonsText).toContain('mode: "off" → "live"');
  });

  it("a stale expectedVersion is refused with 409 and writes nothing", async () => {
    const res = await post(flagsRoute, shop, "/app/flags", flagForm({ expectedVersion: "0", mode: "shadow" }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringMatching(/someone else/i) });
    expect(await setting(shop, `flag:${W}`)).toMatchObject({ version: 1, value: { mode: "live" } });
    expect(await audits(shop, "flag.changed")).toHaveLength(1);
  });

  it("an invalid rollout is refused with 422 and a field error; nothing is written", async () => {
    for (const rolloutPercent of ["150", "abc"]) {
      const res = await post(flagsRoute, shop, "/app/flags", flagForm({ expectedVersion: "1", rolloutPercent }));
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ ok: false, fieldErrors: { rolloutPercent: expect.any(String) } });
    }
    expect(await setting(shop, `flag:${W}`)).toMatchObject({ version: 1 });
    expect(await audits(shop, "flag.changed")).toHaveLength(1);
  });

  it("an unknown workflow or intent is a bad request", async () => {
    expect((await post(flagsRoute, shop, "/app/flags", flagForm({ workflow: "nope" }))).status).toBe(400);
    expect((await post(flagsRoute, shop, "/app/flags", { intent: "explode", workflow: W })).status).toBe(400);
  });
});

describe("kill switch", () => {
  it("takes effect for decideFor within 1 s, in this process and (through the config cache) in others", async () => {
    const shop = await liveShop("kill");
    await installShop(shop);
    const unit = unitIn("treatment", W);
    expect((await decideFor(shop, checkoutRequest(unit))).flag.mode).toBe("live");

    const res = await post(flagsRoute, shop, "/app/flags", { intent: "kill", workflow: W });
    expect(res.status).toBe(200);
    const killedAt = Date.now();
    let result = await decideFor(shop, checkoutRequest(unit));
    while (result.flag.mode !== "off" && Date.now() - killedAt < 2000) result = await decideFor(shop, checkoutRequest(unit));
    expect(Date.now() - killedAt).toBeLessThan(1000);
    expect(result).toMatchObject({ decisionId: null, flag: { mode: "off", source: "kill_switch" } });
    const row = await setting(shop, `flag:${W}`);
    expect(row!.value).toMatchObject({ killed: true, mode: "live", version: row!.version });
    expect((await audits(shop, "flag.changed")).at(-1)).toMatchObject({ actor: "user", actorId: STAFF, before: { killed: false }, after: { killed: true } });

    // Released, then killed by "another process" (this one's cache is not told): it arrives when
    // the cached config expires.
    expect((await post(flagsRoute, shop, "/app/flags", { intent: "resume", workflow: W })).status).toBe(200);
    expect((await decideFor(shop, checkoutRequest(unit))).flag.mode).toBe("live");
    await setFlag(shop, W, { killed: true, version: 99 }, { invalidate: false });
    const writtenAt = Date.now();
    let elsewhere = await decideFor(shop, checkoutRequest(unit));
    while (elsewhere.flag.mode !== "off" && Date.now() - writtenAt < 2000) {
      await new Promise((r) => setTimeout(r, 25));
      elsewhere = await decideFor(shop, checkoutRequest(unit));
    }
    expect(elsewhere.flag).toMatchObject({ mode: "off", source: "kill_switch" });
    expect(Date.now() - writtenAt).toBeLessThan(1000);
  });
});

describe("guardrails page", () => {
  let shop: string;
  beforeAll(async () => {
    shop = newShop("guard");
    await installShop(shop);
  });

  it("shows the defaults in dollars on a new shop", async () => {
    const data = await load<{ version: number; isDefault: boolean; form: Record<string, string> }>(guardrailsRoute, shop, "/app/guardrails");
    expect(data).toMatchObject({ version: 0, isDefault: true, form: { maxDiscountPercent: "15", dailyBudget: "500", approvalCartValueAbove: "500", approvalDiscountAbove: "50" } });
  });

  it("saving stores minor units as version 1 with a guardrails.changed audit entry naming the staff member", async () => {
    const res = await post(guardrailsRoute, shop, "/app/guardrails", guardrailForm());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: 1 });
    const row = await setting(shop, "guardrails");
    expect(row).toMatchObject({
      version: 1,
      updatedBy: "Local Staff",
      value: {
        maxDiscountPercent: 20,
        marginFloor: { percentOfPrice: 25, minMinor: 150 },
        excluded: { productIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"], collectionIds: [], variantIds: ["gid://shopify/ProductVariant/9"] },
        frequency: { maxOffersPerWindow: 2, minMinutesBetweenOffers: null },
        dailyBudgetMinor: 25_000,
        shippingCostEstimateMinor: 800, // not on the form: kept
        approval: { cartValueAboveMinor: 40_000, discountAboveMinor: null },
      },
    });
    const [entry, ...rest] = await audits(shop, "guardrails.changed");
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actor: "user", actorId: STAFF, entity: "guardrails", before: { maxDiscountPercent: 15 }, after: { maxDiscountPercent: 20 } });
    expect(entry!.reasonsText).toContain("maxDiscountPercent: 15 → 20");
    const data = await load<{ version: number; form: Record<string, string> }>(guardrailsRoute, shop, "/app/guardrails");
    expect(data).toMatchObject({ version: 1, form: { marginFloorMin: "1.5", dailyBudget: "250", approvalDiscountAbove: "", minMinutesBetweenOffers: "" } });
  });

  it("a stale expectedVersion is refused with 409 and writes nothing", async () => {
    const res = await post(guardrailsRoute, shop, "/app/guardrails", guardrailForm({ expectedVersion: "0", maxDiscountPercent: "30" }));
    expect(res.status).toBe(409);
    expect(await setting(shop, "guardrails")).toMatchObject({ version: 1, value: { maxDiscountPercent: 20 } });
    expect(await audits(shop, "guardrails.changed")).toHaveLength(1);
  });

  it("max discount 150 (and other invalid values) are refused with 422 and field errors; nothing is written", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ maxDiscountPercent: "150" }, "maxDiscountPercent"], // the engine's schema
      [{ minMinutesBetweenOffers: "2.5" }, "minMinutesBetweenOffers"], // the engine's schema (whole minutes)
      [{ dailyBudget: "-5" }, "dailyBudget"],
      [{ excludedProductIds: "123" }, "excludedProductIds"], // the form's GID check
      [{ marginFloorPercent: "" }, "marginFloorPercent"],
    ];
    for (const [over, field] of cases) {
      const res = await post(guardrailsRoute, shop, "/app/guardrails", guardrailForm({ expectedVersion: "1", ...over }));
      expect(res.status, field).toBe(422);
      const body = (await res.json()) as { ok: boolean; fieldErrors: Record<string, string> };
      expect(body.ok).toBe(false);
      expect(Object.keys(body.fieldErrors), field).toEqual([field]);
    }
    expect(await setting(shop, "guardrails")).toMatchObject({ version: 1, value: { maxDiscountPercent: 20 } });
    expect(await audits(shop, "guardrails.changed")).toHaveLength(1);
  });
});

describe("guardrails page: approval thresholds per offer type", () => {
  it("stores an own amount, 'never' and 'as shop-wide' per offer type, shows them back, and refuses words it does not know", async () => {
    const shop = newShop("guard-types");
    await installShop(shop);
    const res = await post(guardrailsRoute, shop, "/app/guardrails", guardrailForm({ expectedVersion: "0", t_percentage_discount_cart: "100", t_free_shipping_discount: "never", t_gift_cart: "" }));
    expect(res.status).toBe(200);
    const row = await setting(shop, "guardrails");
    expect((row!.value as { approval: { byAction: unknown } }).approval.byAction).toEqual({ percentage_discount: { cartValueAboveMinor: 10_000 }, free_shipping: { discountAboveMinor: null } });
    const data = await load<{ form: Record<string, string> }>(guardrailsRoute, shop, "/app/guardrails");
    expect(data.form).toMatchObject({ t_percentage_discount_cart: "100", t_percentage_discount_discount: "", t_free_shipping_discount: "never", t_gift_cart: "" });

    const bad = await post(guardrailsRoute, shop, "/app/guardrails", guardrailForm({ expectedVersion: "1", t_gift_cart: "lots" }));
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { fieldErrors: Record<string, string> }).fieldErrors)).toEqual(["t_gift_cart"]);
    expect((await setting(shop, "guardrails"))!.version).toBe(1);
  });
});

// ---- Shadow (off-policy) estimate -------------------------------------------------------------

type Seed = { arm: "treatment" | "control" | "universal_holdout"; outcome: string; action?: string; orders: { daysAfter: number; subtotal: string; discounts?: string; status?: string }[] };

/** Decisions made 10 days ago, each for its own customer, with that customer's orders. */
async function seedDecisions(shop: string, seeds: Seed[], now: Date) {
  const at = new Date(now.getTime() - 10 * DAY);
  await prisma.decision.createMany({
    data: seeds.map((s, i) => ({
      shop,
      workflow: W,
      unitId: `gid://shopify/Customer/${i + 1}`,
      customerGid: `gid://shopify/Customer/${i + 1}`,
      outcome: s.outcome,
      actionType: s.action ?? "percentage_discount",
      decision: { action: { type: s.action ?? "percentage_discount", percent: 10 }, propensity: 1 },
      // Cost is 40 % of price on the cart the decision saw.
      context: { cart: { currency: "USD", lines: [{ unitPriceMinor: 5_000, unitCostMinor: 2_000, quantity: 2 }] } },
      engineVersion: "test",
      propensity: 1,
      experimentArm: s.arm,
      discountMinor: 0,
      cartValueMinor: 10_000,
      createdAt: at,
    })),
  });
  const orders = seeds.flatMap((s, i) =>
    s.orders.map((o, j) => ({
      shop,
      shopifyGid: `gid://shopify/Order/${i + 1}${String(j).padStart(3, "0")}`,
      customerGid: `gid://shopify/Customer/${i + 1}`,
      currency: "USD",
      totalPrice: o.subtotal,
      subtotalPrice: o.subtotal,
      totalDiscounts: o.discounts ?? "0.00",
      financialStatus: o.status ?? "paid",
      lineItems: [],
      shopifyCreatedAt: new Date(at.getTime() + o.daysAfter * DAY),
      shopifyUpdatedAt: new Date(at.getTime() + o.daysAfter * DAY),
    })),
  );
  if (orders.length) await prisma.order.createMany({ data: orders });
}

describe("shadowEstimate", () => {
  const now = new Date();

  it("says there is not enough data on an empty shop", async () => {
    expect(await shadowEstimate(newShop("shadow-empty"), W, now)).toMatchObject({ status: "not_enough_data", n: 0, pending: 0 });
  });

  it("says there is no overlap when nothing the engine chose was ever done (pure shadow mode)", async () => {
    const shop = newShop("shadow-only");
    await seedDecisions(shop, Array.from({ length: 40 }, () => ({ arm: "treatment" as const, outcome: "shadow", orders: [{ daysAfter: 1, subtotal: "50.00" }] })), now);
    const r = await shadowEstimate(shop, W, now);
    expect(r).toMatchObject({ status: "not_enough_data", n: 40 });
    if (r.status === "not_enough_data") expect(r.reason).toMatch(/overlap/);
  });

  it("estimates from live treatment and held-out units, with intervals around the estimates", async () => {
    const shop = newShop("shadow");
    // 60 treatment units got 10 % off (2 in 3 buy 90.00 after 10.00 of discounts; one of those is
    // refunded), 20 control and 10 universal-holdout units got nothing (1 in 4 buy 100.00), and an
    // order 8 days after a decision is outside its window. Cost ratio 0.4.
    const seeds: Seed[] = [
      ...Array.from({ length: 60 }, (_, i): Seed => ({
        arm: "treatment",
        outcome: "apply",
        orders: i % 3 === 0 ? [] : [{ daysAfter: 2, subtotal: "90.00", discounts: "10.00", status: i === 1 ? "refunded" : "paid" }],
      })),
      ...Array.from({ length: 30 }, (_, i): Seed => ({
        arm: i < 20 ? "control" : "universal_holdout",
        outcome: "skip",
        orders: i % 4 === 0 ? [{ daysAfter: 3, subtotal: "100.00" }] : i % 4 === 1 ? [{ daysAfter: 8, subtotal: "100.00" }] : [],
      })),
    ];
    await seedDecisions(shop, seeds, now);
    const r = await shadowEstimate(shop, W, now);
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    // Margins: treatment buyer 9000 − 0.4 × 10000 = 5000 (refunded: 0); held-out buyer 10000 − 4000 = 6000.
    const treatment = (39 * 5_000) / 60;
    const current = (39 * 5_000 + 8 * 6_000) / 90;
    expect(r.n).toBe(90);
    expect(r.current.estimate).toBeCloseTo(current, 6);
    // The engine chose 10 % off for everyone; only treatment units got it, all with the same weight.
    expect(r.snips.estimate).toBeCloseTo(treatment, 6);
    expect(r.doublyRobust.estimate).toBeCloseTo(treatment, 6);
    expect(r.difference.estimate).toBeCloseTo(treatment - current, 6);
    expect(r.effectiveSampleSize).toBeCloseTo(60, 6);
    for (const i of [r.current, r.snips, r.doublyRobust, r.difference]) {
      expect(Number.isFinite(i.ci[0]) && Number.isFinite(i.ci[1])).toBe(true);
      expect(i.ci[0]).toBeLessThanOrEqual(i.estimate);
      expect(i.estimate).toBeLessThanOrEqual(i.ci[1]);
      expect(i.ci[1] - i.ci[0]).toBeGreaterThan(0);
    }
  });

  it("shows on the flags page for a workflow in shadow mode", async () => {
    const shop = newShop("shadow-page");
    await installShop(shop);
    await setFlag(shop, W, { mode: "shadow" });
    const data = await load<{ workflows: { workflow: string; shadow: { status: string } | null }[] }>(flagsRoute, shop, "/app/flags");
    expect(data.workflows.find((w) => w.workflow === W)!.shadow).toMatchObject({ status: "not_enough_data" });
    expect(data.workflows.filter((w) => w.shadow !== null)).toHaveLength(1);
  });
});

// ---- Experiments ------------------------------------------------------------------------------

const gid = (n: number) => `gid://shopify/Customer/${n}`;

describe("experiments", () => {
  it("computes conversion, revenue and profit per arm from orders placed after exposure", async () => {
    const shop = newShop("exp");
    const exposedAt = new Date(Date.now() - 3 * DAY);
    const after = new Date(exposedAt.getTime() + DAY);
    const before = new Date(exposedAt.getTime() - DAY);
    // Control: customers 1–40, 10 convert. Treatment: 41–100, 30 convert, plus a cart-token unit
    // whose decision names customer 999, who converts.
    await prisma.exposure.createMany({
      data: [
        ...Array.from({ length: 100 }, (_, i) => ({ shop, experimentKey: W, unitId: gid(i + 1), arm: i < 40 ? "control" : "treatment", exposedAt })),
        { shop, experimentKey: W, unitId: "cart-abc", arm: "treatment", exposedAt },
      ],
    });
    await prisma.decision.create({
      data: {
        shop, workflow: W, unitId: "cart-abc", customerGid: gid(999), outcome: "apply", actionType: "none", decision: {}, engineVersion: "test", propensity: 1,
        context: { cart: { lines: [{ unitPriceMinor: 1_000, unitCostMinor: 500, quantity: 1 }] } }, experimentArm: "treatment", discountMinor: 0, cartValueMinor: 1_000, createdAt: exposedAt,
      },
    });
    let n = 0;
    const order = (customer: number, at: Date, extra: Partial<{ financialStatus: string; cancelledAt: Date }> = {}) => ({
      shop, shopifyGid: `gid://shopify/Order/${++n}`, customerGid: gid(customer), currency: "USD", totalPrice: "55.00", subtotalPrice: "50.00", totalDiscounts: "5.00",
      financialStatus: "paid", lineItems: [], shopifyCreatedAt: at, shopifyUpdatedAt: at, ...extra,
    });
    await prisma.order.createMany({
      data: [
        ...Array.from({ length: 10 }, (_, i) => order(i + 1, after)),
        order(11, before), // before exposure: not counted
        order(12, after, { cancelledAt: after }), // cancelled: not counted
        ...Array.from({ length: 30 }, (_, i) => order(41 + i, after)),
        order(41, after, { financialStatus: "refunded" }), // a second, refunded order: revenue yes, profit 0
        order(999, after),
      ],
    });

    const r = await experimentResult(shop, W);
    expect(r).not.toBeNull();
    const arm = (name: string) => r!.arms.find((a) => a.arm === name)!;
    expect(arm("control")).toMatchObject({ units: 40, conversions: 10, conversionRate: 0.25, revenuePerVisitorMinor: (10 * 5_500) / 40 });
    expect(arm("treatment")).toMatchObject({ units: 61, conversions: 31, revenuePerVisitorMinor: (32 * 5_500) / 61 });
    expect(arm("treatment").conversionRate).toBeCloseTo(31 / 61, 12);
    // Profit: cost ratio 0.5 from cart-abc's decision is the only one known, so every unit uses it:
    // a paid order leaves 5000 − 2750 = 2250; the refunded one 0.
    expect(arm("control").profitPerVisitorMinor).toBeCloseTo((10 * 2_250) / 40, 9);
    expect(arm("treatment").profitPerVisitorMinor).toBeCloseTo((31 * 2_250) / 61, 9);
    const conversion = r!.report.metrics.find((m) => m.metric === "conversion");
    expect(conversion).toMatchObject({ ok: true, arm: "treatment", controlMean: 0.25 });
    if (conversion?.ok) {
      expect(conversion.lift.ci[0]).toBeLessThanOrEqual(conversion.lift.expected);
      expect(conversion.lift.expected).toBeCloseTo((31 / 61 - 0.25) / 0.25, 9);
    }
    expect(r!.unlinkedUnits).toBe(0);
  });

  it("flags a sample-ratio mismatch for 1000 vs 1300 on a 50/50 split, and not for 1000 vs 1000", async () => {
    const shop = newShop("srm");
    await installShop(shop);
    await putSetting(shop, "experiments", { ...DEFAULT_EXPERIMENTS, holdoutPercent: 50 });
    const rows = (key: string, control: number, treatment: number) =>
      Array.from({ length: control + treatment }, (_, i) => ({ shop, experimentKey: key, unitId: `${key}-${i}`, arm: i < control ? "control" : "treatment" }));
    await prisma.exposure.createMany({ data: [...rows(W, 1000, 1300), ...rows("bundle", 1000, 1000)] });

    const skewed = await experimentResult(shop, W);
    expect(skewed!.report.srm).toMatchObject({ ok: true, alarm: true, observed: { control: 1000, treatment: 1300 } });
    if (skewed!.report.srm.ok) expect(skewed!.report.srm.pValue).toBeLessThan(0.001);
    const balanced = await experimentResult(shop, "bundle");
    expect(balanced!.report.srm).toMatchObject({ ok: true, alarm: false });
    expect(balanced!.unlinkedUnits).toBe(2000);

    const page = await load<{ experiments: { workflow: string; report: { srm: { alarm: boolean } } }[] }>(experimentsRoute, shop, "/app/experiments");
    expect(page.experiments.map((e) => [e.workflow, e.report.srm.alarm])).toEqual([[W, true], ["bundle", false]]);
  });

  it("an empty shop has no experiments", async () => {
    const shop = newShop("exp-empty");
    await installShop(shop);
    const page = (await load(experimentsRoute, shop, "/app/experiments")) as { experiments: unknown[]; customizations: { delivery: { version: number; json: string } } };
    expect(page.experiments).toEqual([]);
    // The checkout customizations start idle: one arm that changes nothing.
    expect(page.customizations.delivery.version).toBe(0);
    expect(JSON.parse(page.customizations.delivery.json)).toMatchObject({ arms: [{ name: "control", ops: [] }] });
    expect(await experimentResult(shop, W)).toBeNull();
  });
});
