import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Frame, Page } from "playwright-core";
import { startStack, type Stack } from "../../scripts/lib/stack";
import { launch, newPage } from "./browser";

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
  await frame.waitForSelector(`h1:has-text("${title}")`, { timeout: 30_000 });
}

describe("the embedded admin in Chromium", () => {
  beforeAll(async () => {
    stack = await startStack({ quiet: true, shops: [{ domain: "e2e-shop.myshopify.com", productCount: 40, customerCount: 200, years: 1 }] });
    browser = await launch();
    ({ page, errors } = await newPage(browser));
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
      ["Settings", "Settings"],
      ["Dashboard", "Dashboard"],
    ] as const) {
      await page.click(`#app-nav a:text-is("${link}"), #app-home:text-is("${link}")`);
      await heading(frame, title);
    }
    expect(errors).toEqual([]);
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
});
