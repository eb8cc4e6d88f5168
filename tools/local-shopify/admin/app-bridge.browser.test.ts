import "@shopify/shopify-api/adapters/node";
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostParam } from "./embed-url";
import { listen, startLocalAdmin, type Running } from "./test-servers";

// The App Bridge stand-in in a real browser: the admin page frames a minimal app that behaves like
// shopify-app-remix's pages (script tag with data-api-key, <ui-nav-menu> of links, a listener that
// turns shopify:navigate into navigation, and the /auth/session-token bounce page).
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOP = "uplift-demo.myshopify.com";

const api = shopifyApi({
  apiKey: "app-key",
  apiSecretKey: "app-secret",
  apiVersion: ApiVersion.July26,
  hostName: "127.0.0.1",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

let local: Running;
let app: Running;
let browser: Browser;
let retryCalls = 0;

function appHandler(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://app");
  const script = `<script data-api-key="app-key" src="${local.url}/app-bridge.js"></script>`;
  const html = (body: string) => res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><body>${body}</body>`);
  if (url.pathname === "/whoami") {
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  } else if (url.pathname === "/retry") {
    retryCalls += 1;
    if (retryCalls === 1) res.writeHead(401, { "X-Shopify-Retry-Invalid-Session-Request": "1" }).end();
    else res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ authorization: req.headers.authorization }));
  } else if (url.pathname === "/auth/session-token") {
    html(script); // what shopify-app-remix's renderAppBridge answers
  } else if (url.pathname.startsWith("/app")) {
    html(`${script}
      <ui-nav-menu><a href="/app" rel="home">Dashboard</a><a href="/app/approvals">Approvals</a><a href="/app/audit">Audit log</a></ui-nav-menu>
      <p id="navigated"></p>
      <script>
        addEventListener("shopify:navigate", (e) => {
          const href = e.target.getAttribute("href");
          document.getElementById("navigated").textContent = href;
          history.pushState(null, "", href);
        });
      </script>`);
  } else {
    res.writeHead(404).end();
  }
}

async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector("iframe#app-frame");
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no app frame");
  await frame.waitForFunction(() => Boolean((window as { shopify?: unknown }).shopify));
  return frame;
}

describe.skipIf(!existsSync(CHROMIUM))("App Bridge stand-in in Chromium", () => {
  beforeAll(async () => {
    app = await listen((req, res) => appHandler(req, res));
    local = await startLocalAdmin({ apiKey: "app-key", apiSecret: "app-secret", appUrl: app.url, shops: [SHOP] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await local?.close();
  });

  it("gives the framed app window.shopify and signs its same-origin fetches", async () => {
    const page = await browser.newPage();
    await page.goto(`${local.url}/store/uplift-demo/apps/app-key/approvals`);
    const frame = await appFrame(page);
    expect(new URL(frame.url()).pathname).toBe("/app/approvals");
    const config = await frame.evaluate(() => (window as unknown as { shopify: { config: unknown } }).shopify.config);
    expect(config).toMatchObject({ apiKey: "app-key", shop: SHOP, host: hostParam(SHOP) });
    const { authorization } = await frame.evaluate(() => fetch("/whoami").then((r) => r.json() as Promise<{ authorization: string }>));
    expect(authorization).toMatch(/^Bearer /);
    expect((await api.session.decodeSessionToken(authorization.slice(7))).dest).toBe(`https://${SHOP}`);
    const fresh = await frame.evaluate(() => (window as unknown as { shopify: { idToken(): Promise<string> } }).shopify.idToken());
    expect((await api.session.decodeSessionToken(fresh)).aud).toBe("app-key");
    await page.close();
  });

  it("retries once with a fresh token when the app asks for it", async () => {
    const page = await browser.newPage();
    await page.goto(`${local.url}/store/uplift-demo/apps/app-key`);
    const frame = await appFrame(page);
    retryCalls = 0;
    const status = await frame.evaluate(() => fetch("/retry").then((r) => r.status));
    expect([status, retryCalls]).toEqual([200, 2]);
    await page.close();
  });

  it("shows the nav menu in the app and the admin sidebar, and both navigate inside the app", async () => {
    const page = await browser.newPage();
    await page.goto(`${local.url}/store/uplift-demo/apps/app-key`);
    const frame = await appFrame(page);
    // The in-app bar (shadow DOM; Playwright's CSS pierces it).
    await frame.locator('nav[aria-label="App navigation"] a', { hasText: "Audit log" }).click();
    await expect.poll(() => frame.locator("#navigated").textContent()).toBe("/app/audit");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/store/uplift-demo/apps/app-key/audit");
    // The admin sidebar mirrors the menu (home link as the app's name) and drives the app.
    await expect.poll(() => page.locator("aside").innerText()).toMatch(/Dashboard\s+Approvals\s+Audit log/);
    await page.locator("aside a", { hasText: "Approvals" }).click();
    await expect.poll(() => frame.locator("#navigated").textContent()).toBe("/app/approvals");
    await expect.poll(() => page.locator('aside a[aria-current="page"]').textContent()).toBe("Approvals");
    await page.close();
  });

  it("on the bounce page, reloads the target with a fresh id_token", async () => {
    const page = await browser.newPage();
    const reload = `${app.url}/app/approvals?embedded=1&shop=${SHOP}`;
    const bounce = `${app.url}/auth/session-token?embedded=1&shop=${SHOP}&host=${hostParam(SHOP)}&shopify-reload=${encodeURIComponent(reload)}`;
    await page.goto(bounce);
    await page.waitForURL((u) => u.pathname === "/app/approvals" && u.searchParams.has("id_token"));
    const token = new URL(page.url()).searchParams.get("id_token") ?? "";
    expect((await api.session.decodeSessionToken(token)).dest).toBe(`https://${SHOP}`);
    await page.close();
  });

  it("offers toast and loading", async () => {
    const page = await browser.newPage();
    await page.goto(`${local.url}/store/uplift-demo/apps/app-key`);
    const frame = await appFrame(page);
    await frame.evaluate(() => {
      const s = (window as unknown as { shopify: { toast: { show(m: string): string }; loading(on: boolean): void } }).shopify;
      s.toast.show("Saved");
      s.loading(true);
    });
    expect(await frame.locator('[role="status"]').textContent()).toBe("Saved");
    expect(await frame.locator('[aria-busy="true"]').count()).toBe(1);
    await page.close();
  });
});
