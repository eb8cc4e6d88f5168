import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDelivery } from "./delivery";
import { WebhookSender } from "./sender";
import { customer, order, shop } from "./test-fixtures";

const SECRET = "test-webhook-secret";
const api = shopifyApi({
  apiKey: "test-api-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.July26,
  hostName: "127.0.0.1:3000",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

type Received = { url: string; headers: IncomingHttpHeaders; body: string; validation: Awaited<ReturnType<typeof api.webhooks.validate>> };

let server: Server;
let appUrl: string;
let received: Received[] = [];
let answer: (n: number) => number = () => 200;

beforeAll(async () => {
  // Stands in for the app's webhook route: validates exactly as authenticate.webhook does, then answers.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      void api.webhooks.validate({ rawBody: body, rawRequest: req, rawResponse: res }).then((validation) => {
        received.push({ url: req.url ?? "", headers: req.headers, body, validation });
        res.writeHead(answer(received.length)).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  received = [];
  answer = () => 200;
});

const subscriptions = new Map([
  ["orders/create", "/webhooks/orders/create"],
  ["customers/create", "/webhooks/customers/create"],
  ["customers/update", "/webhooks/customers/update"],
]);
const sender = (seed = 7, timeoutMs?: number) =>
  new WebhookSender({ appUrl, apiSecret: SECRET, subscriptions, seed, ...(timeoutMs ? { timeoutMs } : {}) });

describe("WebhookSender", () => {
  it("sends Shopify's headers, which shopify-api accepts", async () => {
    const d = buildDelivery("orders/create", { order, customer }, shop.myshopifyDomain);
    const [result] = await sender().send(d);
    expect(result).toMatchObject({ status: 200, topic: "orders/create", eventId: d.eventId, attempt: 1 });
    const [r] = received;
    expect(r?.url).toBe("/webhooks/orders/create");
    expect(r?.body).toBe(d.body);
    expect(r?.headers["content-type"]).toBe("application/json");
    expect(r?.headers["x-shopify-event-id"]).toBe(d.eventId);
    expect(r?.headers["x-shopify-triggered-at"]).toBe(d.triggeredAt);
    expect(r?.validation).toMatchObject({
      valid: true,
      topic: "ORDERS_CREATE",
      domain: shop.myshopifyDomain,
      apiVersion: "2026-07",
      webhookId: result?.webhookId,
      eventId: d.eventId,
    });
  });

  it("repeats a delivery with the same Event-Id and, by default, the same Webhook-Id", async () => {
    const d = buildDelivery("customers/create", customer, shop.myshopifyDomain);
    const results = await sender().send(d, { duplicates: 2 });
    expect(results).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers["x-shopify-event-id"]))).toEqual(new Set([d.eventId]));
    expect(new Set(received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1);
    await sender().send(d, { duplicates: 1, duplicateWebhookId: "fresh" });
    const [, , , a, b] = received;
    expect(a?.headers["x-shopify-event-id"]).toBe(b?.headers["x-shopify-event-id"]);
    expect(a?.headers["x-shopify-webhook-id"]).not.toBe(b?.headers["x-shopify-webhook-id"]);
  });

  it("shuffles deliveries reproducibly from the seed", async () => {
    const ds = Array.from({ length: 8 }, (_, i) =>
      buildDelivery("customers/update", { ...customer, email: `c${i}@example.com` }, shop.myshopifyDomain),
    );
    const order1 = (await sender(42).sendMany(ds, { shuffle: true })).map((r) => r.eventId);
    const order2 = (await sender(42).sendMany(ds, { shuffle: true })).map((r) => r.eventId);
    const order3 = (await sender(43).sendMany(ds, { shuffle: true })).map((r) => r.eventId);
    expect(order1).toEqual(order2);
    expect(order1).not.toEqual(ds.map((d) => d.eventId));
    expect(order3).not.toEqual(order1);
    expect(new Set(order1)).toEqual(new Set(ds.map((d) => d.eventId)));
  });

  it.each([
    ["body", "invalid_hmac"],
    ["secret", "invalid_hmac"],
    ["missing-hmac", "missing_hmac"],
  ] as const)("tamper %s is rejected by shopify-api (%s)", async (tamper, reason) => {
    await sender().send(buildDelivery("customers/create", customer, shop.myshopifyDomain), { tamper });
    expect(received[0]?.validation).toMatchObject({ valid: false, reason });
  });

  it("retries a failed delivery with the same ids and the original payload", async () => {
    answer = (n) => (n === 1 ? 500 : n === 2 ? 302 : 200);
    const d = buildDelivery("customers/create", customer, shop.myshopifyDomain);
    const results = await sender().send(d, { retry: { attempts: 3, backoffMs: 5 } });
    expect(results.map((r) => [r.status, r.attempt])).toEqual([[500, 1], [302, 2], [200, 3]]);
    expect(new Set(results.map((r) => r.webhookId)).size).toBe(1);
    expect(new Set(received.map((r) => r.body))).toEqual(new Set([d.body]));
  });

  it("records an unanswered delivery as status 0", async () => {
    const s = new WebhookSender({ appUrl: "http://127.0.0.1:9", apiSecret: SECRET, subscriptions });
    const [r] = await s.send(buildDelivery("customers/create", customer, shop.myshopifyDomain));
    expect(r?.status).toBe(0);
    expect(r?.error).toBeTruthy();
  });

  it("waits delayMs before each delivery and refuses unsubscribed topics", async () => {
    const started = Date.now();
    await sender().send(buildDelivery("customers/create", customer, shop.myshopifyDomain), { delayMs: 50, duplicates: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    await expect(sender().send({ shop: shop.myshopifyDomain, topic: "products/create", body: "{}" })).rejects.toThrow(/products\/create/);
    expect(received).toHaveLength(2);
  });
});
