import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Frame, Page } from "playwright-core";
import { startStack, type Stack } from "../../scripts/lib/stack";
import { launch, newPage } from "./browser";
import pg from "pg";
import { buildDelivery } from "../../tools/local-shopify/webhooks";

let stack: Stack;
let browser: Browser;
let page: Page;
let errors: string[];

async function appFrame(): Promise<Frame> {
  const handle = await page.waitForSelector("#app-frame");
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no app frame");
  return frame;
}

async function heading(frame: Frame, title: string) {
  await frame.waitForSelector(`h1:has-text("${title}")`, { timeout: 30_000 }).catch(async (error: Error) => {
    throw new Error(`${error.message}\nframe ${frame.url()}: ${(await frame.textContent("body").catch(() => ""))?.slice(0, 800)}`);
  });
}

describe("the embedded admin in Chromium", () => {
  const offline: string[] = [];
  beforeAll(async () => {
    stack = await startStack({ quiet: true, shops: [{ domain: "e2e-shop.myshopify.com", productCount: 40, customerCount: 200, years: 1 }] });
    browser = await launch();
    ({ page, errors } = await newPage(browser));
    // Nothing may need the Internet: every request stays on 127.0.0.1.
    page.on("request", (r) => {
      if (!new URL(r.url()).hostname.startsWith("127.0.0.1")) offline.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("opens the Dashboard inside the admin frame, signed in with a session token", async () => {
    const res = await page.goto(stack.adminUrl());
    expect(res?.status()).toBe(200);
    const frame = await appFrame();
    await heading(frame, "Dashboard");
    expect(new URL(frame.url()).pathname).toBe("/app");
    // Token exchange against the local Shopify stored the shop's offline session.
    expect(await frame.textContent("body")).toContain("Events per topic");
  });

  it("navigates between the pages from the admin's app navigation", async () => {
    const frame = await appFrame();
    for (const [link, title] of [
      ["Approvals", "Approvals"],
      ["Audit log", "Audit log"],
      ["Flags", "Flags"],
      ["Experiments", "Experiments"],
      ["Customers", "Customers"],
      ["Audiences", "Audiences"],
      ["Integrations", "Integrations"],
      ["Settings", "Settings"],
      ["Dashboard", "Dashboard"],
    ] as const) {
      await page.click(`#app-nav a:text-is("${link}"), #app-home:text-is("${link}")`);
      await heading(frame, title);
    }
    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
  });

  it("shows a webhook sent by the local Shopify on the Dashboard, live", async () => {
    const frame = await appFrame();
    await heading(frame, "Dashboard");
    const store = stack.local.store(stack.shops[0]!);
    const order = store.orders.at(-1)!;
    const customer = order.customerId ? store.customer(order.customerId) : undefined;
    const status = await stack.send(store.domain, "orders/create", customer ? { order, customer } : order);
    expect(status).toBe(200);
    // No reload: the Dashboard revalidates itself.
    const latest = () => frame.textContent("[data-testid=latest-webhooks]");
    await frame
      .waitForFunction(
        () => /orders\/create\D*processed/.test(document.querySelector("[data-testid=latest-webhooks]")?.textContent ?? ""),
        undefined,
        { timeout: 30_000 },
      )
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nLatest webhooks: ${await latest()}`);
      });
    expect(await frame.textContent("[data-testid=stat-events]")).toBe("1");
  });

  it("over HTTP, duplicated and shuffled deliveries from the local Shopify have one effect each", async () => {
    const store = stack.local.store(stack.shops[0]!);
    const orders = store.orders.filter((o) => o.customerId).slice(0, 10);
    const deliveries = orders.map((order) =>
      buildDelivery("orders/create", { order, customer: store.customer(order.customerId!)! }, store.domain, { currency: store.shop.currencyCode }),
    );
    const results = await stack.sender.sendMany(deliveries, { duplicates: 2, shuffle: true });
    expect(results).toHaveLength(30);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const gids = orders.map((o) => o.id);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM "Order" WHERE shop = $1 AND "shopifyGid" = ANY($2)`, [store.domain, gids]);
        if (rows[0].n === orders.length) break;
        if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${orders.length} orders stored`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const { rows: events } = await db.query(
        `SELECT count(*)::int AS n, sum(duplicates)::int AS dup FROM "WebhookEvent" WHERE shop = $1 AND payload->>'admin_graphql_api_id' = ANY($2)`,
        [store.domain, gids],
      );
      expect(events[0]).toEqual({ n: 10, dup: 20 });
    } finally {
      await db.end();
    }
  });
});
