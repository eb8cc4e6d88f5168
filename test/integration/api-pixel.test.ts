import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { QUEUES, queue, stopQueue } from "../../app/queue.server";
import * as pixelRoute from "../../app/routes/api.pixel";
import { pixelSettings } from "../../app/services/audiences-pixel.server";
import { saveAudiences } from "../../app/services/audiences-settings.server";
import { callAction } from "../support/routes";

// POST /api/pixel as the web pixel calls it (text/plain JSON, no credentials): the shop's signature
// from the pixel settings, body limits, strict parsing, rate limits, and counts per customer and day.

const shop = `pixel-${randomUUID().slice(0, 8)}.myshopify.com`;
const other = `pixel-other-${randomUUID().slice(0, 8)}.myshopify.com`;
const CUSTOMER = "gid://shopify/Customer/7352140000011";
const STAFF = { staffId: "7001", name: "Marketing Manager", via: "admin" as const };
const signed = (s = shop) => {
  const { shop: sh, keyId, signature } = pixelSettings(s, "https://uplift.example.test");
  return { v: 1, shop: sh, keyId, signature };
};
const view = (over: Record<string, unknown> = {}) => ({ ...signed(), customerId: "7352140000011", event: "collection_viewed", collectionId: "445566", ...over });

let ipCounter = 0;
function post(body: unknown, opts: { ip?: string; raw?: string; method?: string } = {}) {
  const request = new Request("http://127.0.0.1:39999/api/pixel", {
    method: opts.method ?? "POST",
    headers: { "Content-Type": "text/plain;charset=UTF-8", "X-Forwarded-For": opts.ip ?? `203.0.113.${++ipCounter % 250}, 10.0.0.1` },
    ...(opts.method === "OPTIONS" ? {} : { body: opts.raw ?? JSON.stringify(body) }),
  });
  return callAction(pixelRoute.action, request);
}
const counts = (s = shop) => prisma.behaviorCount.findMany({ where: { shop: s }, orderBy: { key: "asc" } });

beforeAll(async () => {
  await prisma.customer.createMany({ data: [{ shop, shopifyGid: CUSTOMER, email: "ann@example.com" }, { shop: other, shopifyGid: CUSTOMER, email: "ann@example.com" }] });
});
afterAll(() => stopQueue());

describe("POST /api/pixel", () => {
  it("counts a signed event for a known customer per key and UTC day, and answers with CORS", async () => {
    const res = await post(view());
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    await post(view());
    await post(view({ event: "product_added_to_cart", collectionId: undefined, variantId: "gid://shopify/ProductVariant/44917200000001", productId: "8214630000001" }));
    await post(view({ event: "product_viewed", collectionId: undefined, productId: "8214630000001" }));
    const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    expect((await counts()).map((r) => [r.customerGid, r.key, r.count, r.day.getTime()])).toEqual([
      [CUSTOMER, "collection_viewed:gid://shopify/Collection/445566", 2, today.getTime()],
      [CUSTOMER, "product_added_to_cart:gid://shopify/ProductVariant/44917200000001", 1, today.getTime()],
      [CUSTOMER, "product_viewed:gid://shopify/Product/8214630000001", 1, today.getTime()],
    ]);
    expect(await counts(other)).toEqual([]);
  });

  it("refuses a forged shop (another shop's signature, a made-up one, an unknown key) with 401", async () => {
    for (const body of [view({ shop: other }), view({ signature: "AAAA" }), view({ keyId: "v9" })]) {
      const res = await post(body);
      expect(res.status).toBe(401);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    }
    expect(await counts(other)).toEqual([]);
  });

  it("refuses an oversized body with 413 and a bad one with 400, including any personal data", async () => {
    expect((await post(null, { raw: JSON.stringify({ ...view(), pad: "x".repeat(3000) }) })).status).toBe(413);
    const bad = [view({ email: "ann@example.com" }), view({ customerId: "ann@example.com" }), view({ event: "checkout_completed" }), view({ collectionId: "gid://shopify/Product/1" }), { ...view(), v: 2 }];
    for (const body of bad) expect((await post(body)).status).toBe(400);
    expect((await post(null, { raw: "{not json" })).status).toBe(400);
    const before = await counts();
    expect(before.reduce((n, r) => n + r.count, 0)).toBe(4);
  });

  it("answers an unknown customer the same way, without counting", async () => {
    expect((await post(view({ customerId: "999" }))).status).toBe(204);
    expect((await counts()).some((r) => r.customerGid.endsWith("/999"))).toBe(false);
  });

  it("limits one client address, with Retry-After, and leaves the others alone", async () => {
    const ip = "198.51.100.77";
    let limited: Response | null = null;
    for (let i = 0; i < 200 && !limited; i++) {
      const res = await post({}, { ip });
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect((await post(view(), { ip: "198.51.100.78" })).status).toBe(204);
  });

  it("answers the CORS preflight and refuses other methods", async () => {
    const preflight = await post(null, { method: "OPTIONS" });
    expect([preflight.status, preflight.headers.get("Access-Control-Allow-Methods")]).toEqual([204, "POST, OPTIONS"]);
    expect((await callAction(pixelRoute.action, new Request("http://127.0.0.1/api/pixel", { method: "PUT", body: "{}" }))).status).toBe(405);
  });

  it("queues one evaluation per customer when the shop has audiences", async () => {
    const json = JSON.stringify({ audiences: [{ id: "fans", name: "Fans", provider: "hubspot", listId: "201", when: [{ event: "collection_viewed", atLeast: 3, withinDays: 7 }] }] });
    expect(await saveAudiences(shop, json, 0, STAFF)).toEqual({ ok: true, version: 1 });
    await post(view());
    await post(view());
    const jobs = await (await queue()).findJobs(QUEUES.audienceEvaluate, { key: `${shop}:${CUSTOMER}`, queued: true });
    expect(jobs.map((j) => j.data)).toEqual([{ shop, customerGid: CUSTOMER }]);
  });
});
