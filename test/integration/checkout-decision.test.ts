import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@prisma/client";
import prisma from "../../app/db.server";
import { writeSetting, type SettingKey } from "../../app/models/settings.server";
import { invalidateWorkflowConfig } from "../../app/services/workflow-config.server";
import { DEFAULT_GUARDRAILS } from "../../app/services/workflow-defaults.server";
import { checkoutDecision, checkoutDecisionBodySchema, toMinor } from "../../app/services/checkout-decision.server";
import { action, loader } from "../../app/routes/api.checkout.decision";
import { callAction } from "../support/routes";
import { cartLine, checkoutSessionToken, EXTENSION_ORIGIN } from "../support/checkout-session";

// The checkout decision endpoint as the Checkout UI extension calls it: a session token minted the
// way Shopify mints checkout tokens, a cart as the extension reads it, the real route and database.

const ORIGIN = EXTENSION_ORIGIN;
const uniq = () => randomUUID().slice(0, 8);
const shops = { a: `co-alpha-${uniq()}.myshopify.com`, b: `co-bravo-${uniq()}.myshopify.com` };

const checkoutToken = checkoutSessionToken;
const line = cartLine;

/** $200: above the default policy's free-shipping rule ($150), below the approval threshold ($500). */
const cart = (extra: Record<string, unknown> = {}) => ({
  checkoutToken: `ck-${uniq()}`,
  currencyCode: "USD",
  lines: [line(1, "120.00", 2), line(2, "80.00")],
  device: "mobile",
  country: "US",
  ...extra,
});

async function post(shop: string | null, body: unknown, init: { token?: string; headers?: Record<string, string>; raw?: string; query?: string } = {}) {
  const token = init.token ?? (shop ? await checkoutToken(shop) : undefined);
  const request = new Request(`${process.env.SHOPIFY_APP_URL}/api/checkout/decision${init.query ?? ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: ORIGIN, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  return callAction(action, request);
}

async function setSettings(shop: string, values: Partial<Record<SettingKey, unknown>>) {
  await prisma.$transaction(async (tx) => {
    for (const [key, value] of Object.entries(values)) await writeSetting(tx, shop, key as SettingKey, value as Prisma.InputJsonValue, "test");
  });
  invalidateWorkflowConfig(shop);
}

const liveFlag = { workflow: "checkout_incentive", mode: "live", killed: false, rollout: { percent: 100, seed: "s", hashVersion: 2 }, targeting: {}, version: 1 };
const offFlag = { ...liveFlag, mode: "off" };
const noHoldout = { universalHoldout: { percent: 0, seed: "u" }, holdoutPercent: 0 };

const stored = async (shop: string) => ({
  decisions: await prisma.decision.count({ where: { shop } }),
  audit: await prisma.auditLog.count({ where: { shop } }),
  approvals: await prisma.approval.count({ where: { shop } }),
});

function expectCors(res: Response) {
  expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  expect(res.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
}

/** The only keys the shopper's surface may receive, and nothing that reads like an internal. */
async function shopperJson(res: Response) {
  const text = await res.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body).every((k) => ["decisionId", "action", "message", "targetVariantIds"].includes(k))).toBe(true);
  expect(text).not.toMatch(/reason|cost|margin|rule|guardrail|propensity|arm|policy|source|review|budget|seed/i);
  return body as { decisionId: string | null; action: { type: string; percent?: number }; message?: string; targetVariantIds: string[] };
}

describe("POST /api/checkout/decision", () => {
  beforeAll(async () => {
    await setSettings(shops.a, { "flag:checkout_incentive": liveFlag, experiments: noHoldout });
    await setSettings(shops.b, { "flag:checkout_incentive": offFlag, experiments: noHoldout });
  });

  it("answers the CORS preflight through the library", async () => {
    const request = new Request(`${process.env.SHOPIFY_APP_URL}/api/checkout/decision`, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    const res = await callAction(loader as (args: ActionFunctionArgs) => Promise<Response>, request);
    expect(res.status).toBe(204);
    expectCors(res);
  });

  it("a live flag gives an action within the guardrails, with CORS headers, and stores the decision", async () => {
    const res = await post(shops.a, cart());
    expect(res.status).toBe(200);
    expectCors(res);
    expect(res.headers.get("Server-Timing")).toMatch(/decide;dur=\d/);
    const body = await shopperJson(res);
    expect(body.action).toEqual({ type: "free_shipping" });
    expect(body.message).toBe("Free shipping on your order");
    const row = await prisma.decision.findFirstOrThrow({ where: { shop: shops.a, id: body.decisionId! } });
    expect(row.outcome).toBe("apply");
    expect(row.workflow).toBe("checkout_incentive");
    expect(row.cartValueMinor).toBe(20_000);
    expect(row.discountMinor).toBeLessThanOrEqual(DEFAULT_GUARDRAILS.approval!.discountAboveMinor!);
    expect(await prisma.auditLog.count({ where: { shop: shops.a, entity: row.id, event: "decision.made" } })).toBe(1);
  });

  it("a percentage is clamped to the shop's maximum, and a line of unknown cost is never discounted", async () => {
    const shop = `co-pct-${uniq()}.myshopify.com`;
    const policy = { id: "half-off", version: 1, workflow: "checkout_incentive", mode: "rules", rules: [{ id: "all", when: [], action: { type: "percentage_discount", percent: 50 } }] };
    await setSettings(shop, { "flag:checkout_incentive": liveFlag, experiments: noHoldout, "policy:checkout_incentive": policy });
    const body = checkoutDecisionBodySchema.parse(cart());
    const catalog = [{ variantId: "gid://shopify/ProductVariant/1", productId: "gid://shopify/Product/1", collectionIds: [], unitPriceMinor: 6000, unitCostMinor: 1000 }];
    const offer = await checkoutDecision(shop, body, { catalog });
    expect(offer.action).toEqual({ type: "percentage_discount", percent: DEFAULT_GUARDRAILS.maxDiscountPercent });
    expect(offer.message).toBe("Take 15% off your order");
    // Variant 2 has no known cost: it is left out of the discount.
    expect(offer.targetVariantIds).toEqual(["gid://shopify/ProductVariant/1"]);
    // Through the route there is no cost source yet: every cost is unknown, so nothing is discounted.
    const res = await post(shop, cart());
    expect((await shopperJson(res)).action).toEqual({ type: "none" });
  });

  it("a flag that is off gives no action and stores nothing", async () => {
    const before = await stored(shops.b);
    const res = await post(shops.b, cart());
    expect(res.status).toBe(200);
    expectCors(res);
    expect(await shopperJson(res)).toEqual({ decisionId: null, action: { type: "none" }, targetVariantIds: [] });
    expect(await stored(shops.b)).toEqual(before);
  });

  it.each([
    ["no token", { token: "" }],
    ["a token signed with another secret", { secret: "not-the-app-secret" }],
    ["an expired token", { expiresIn: -60 }],
    ["a malformed token", { token: "not.a.jwt" }],
  ] as const)("%s is refused with 401 (readable across origins) and nothing is stored", async (_, o) => {
    const before = await stored(shops.a);
    const token = "token" in o ? o.token : await checkoutToken(shops.a, o);
    const res = await post(null, cart(), token ? { token } : {});
    expect(res.status).toBe(401);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await stored(shops.a)).toEqual(before);
  });

  it.each([
    ["not JSON", { raw: "{lines:" }],
    ["no lines", { body: cart({ lines: [] }) }],
    ["an amount with more precision than the currency", { body: cart({ lines: [line(1, "10.005")] }) }],
    ["a line in another currency", { body: cart({ lines: [line(1, "10.00", 1, "EUR")] }) }],
    ["a negative quantity", { body: cart({ lines: [line(1, "10.00", -1)] }) }],
    ["a price that is not a number", { body: cart({ lines: [line(1, "ten")] }) }],
  ] as const)("a body with %s is refused with 400, CORS headers and nothing stored", async (_, o) => {
    const before = await stored(shops.a);
    const res = await post(shops.a, "body" in o ? o.body : null, "raw" in o ? { raw: o.raw } : {});
    expect(res.status).toBe(400);
    expectCors(res);
    expect(((await res.json()) as { error: string }).error).toBeTruthy();
    expect(await stored(shops.a)).toEqual(before);
  });

  it("an oversized body is refused with 413 before it is parsed", async () => {
    const before = await stored(shops.a);
    const res = await post(shops.a, cart({ padding: "x".repeat(200_000) }));
    expect(res.status).toBe(413);
    expectCors(res);
    expect(await stored(shops.a)).toEqual(before);
  });

  it("a cart above the approval threshold shows nothing to the shopper while an approval is pending", async () => {
    const res = await post(shops.a, cart({ lines: [line(1, "600.00", 3)] }));
    expect(res.status).toBe(200);
    const body = await shopperJson(res);
    expect(body.action).toEqual({ type: "none" });
    expect(body.message).toBeUndefined();
    expect(body.targetVariantIds).toEqual([]);
    const approval = await prisma.approval.findUniqueOrThrow({ where: { decisionId: body.decisionId! } });
    expect(approval).toMatchObject({ shop: shops.a, status: "pending", actionType: "free_shipping", cartValueMinor: 60_000 });
  });

  it("a token for shop A decides for shop A only, whatever the request names", async () => {
    const before = { a: await stored(shops.a), b: await stored(shops.b) };
    // B is off; A's token asking "for B" (a body field, a query parameter) still runs A's live flag.
    const res = await post(shops.a, cart({ shop: shops.b }), { query: `?shop=${shops.b}`, headers: { "X-Shopify-Shop-Domain": shops.b } });
    const body = await shopperJson(res);
    expect(body.action.type).toBe("free_shipping");
    expect((await prisma.decision.findUniqueOrThrow({ where: { id: body.decisionId! } })).shop).toBe(shops.a);
    expect(await stored(shops.b)).toEqual(before.b);
    expect((await stored(shops.a)).decisions).toBe(before.a.decisions + 1);
    // And B's token, with B off, gets nothing even though A is live.
    const fromB = await shopperJson(await post(shops.b, cart({ shop: shops.a })));
    expect(fromB).toEqual({ decisionId: null, action: { type: "none" }, targetVariantIds: [] });
  });

  it("the customer is the token's sub, never the body's customerId", async () => {
    const sub = `gid://shopify/Customer/${Date.now()}`;
    const res = await post(null, cart({ customerId: "gid://shopify/Customer/1" }), { token: await checkoutToken(shops.a, { sub }) });
    const body = await shopperJson(res);
    const row = await prisma.decision.findUniqueOrThrow({ where: { id: body.decisionId! } });
    expect(row).toMatchObject({ unitId: sub, customerGid: sub });
    const anonymous = await shopperJson(await post(shops.a, cart({ customerId: "gid://shopify/Customer/1" })));
    const anonRow = await prisma.decision.findUniqueOrThrow({ where: { id: anonymous.decisionId! } });
    expect(anonRow.customerGid).toBeNull();
    expect(anonRow.unitId).toMatch(/^checkout:ck-/);
  });
});

describe("money from the extension", () => {
  it("converts decimal strings and numbers exactly, by the currency's minor unit", () => {
    expect(toMinor("19.99", "USD")).toBe(1999);
    expect(toMinor(19.99, "USD")).toBe(1999);
    expect(toMinor("0.1", "USD")).toBe(10);
    expect(toMinor("1500", "JPY")).toBe(1500);
    expect(toMinor("1500.50", "JPY")).toBeNull();
    expect(toMinor("1.234", "KWD")).toBe(1234);
    expect(toMinor("10.000", "USD")).toBe(1000);
    expect(toMinor(1e21, "USD")).toBeNull();
    expect(toMinor("-1.00", "USD")).toBeNull();
  });

  it("keeps a line's total exact when it does not split evenly over its quantity", async () => {
    const shop = `co-split-${uniq()}.myshopify.com`;
    await setSettings(shop, { "flag:checkout_incentive": liveFlag, experiments: noHoldout });
    const offer = await checkoutDecision(shop, checkoutDecisionBodySchema.parse(cart({ lines: [line(7, "10.00", 3)] })));
    const row = await prisma.decision.findUniqueOrThrow({ where: { id: offer.decisionId! } });
    expect(row.cartValueMinor).toBe(1000);
    const lines = (row.context as { cart: { lines: { unitPriceMinor: number; quantity: number }[] } }).cart.lines;
    expect(lines.map((l) => [l.unitPriceMinor, l.quantity])).toEqual([[333, 2], [334, 1]]);
  });
});
