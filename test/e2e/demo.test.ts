import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { launch, newPage } from "./browser";

const ROOT = resolve(__dirname, "../..");

describe("npm run demo", () => {
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "uplift-demo-"));
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      // Ctrl-C in a terminal signals the whole process group: npm, the script and the demo.
      process.kill(-child.pid!, "SIGINT");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts everything and prints a URL that opens the embedded admin", async () => {
    const [appPort, shopifyPort, hubspotPort, salesforcePort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    // The README's command, as a developer runs it (Node 22 is already on PATH here). The install
    // backfill is off: on a 2-core machine it would compete with the browser (backfill.test.ts covers it).
    child = spawn("npm", ["run", "-s", "demo"], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(appPort), LOCAL_SHOPIFY_PORT: String(shopifyPort), LOCAL_HUBSPOT_PORT: String(hubspotPort), LOCAL_SALESFORCE_PORT: String(salesforcePort), BACKFILL_ON_INSTALL: "false", DEMO_DATA_DIR: join(dataDir, "db"), DEMO_TRAFFIC_MS: "300" },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    let out = "";
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed in 90 s:\n${out}`)), 90_000);
      child!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Open the embedded admin:\s+(\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolveUrl(m[1]!);
        }
      });
      child!.once("exit", (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
    });
    child.stdout!.resume();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(out).toMatch(/\d+ products, \d+ customers, \d+ orders/);

    const browser = await launch();
    try {
      const { page, errors } = await newPage(browser);
      expect((await page.goto(url))?.status()).toBe(200);
      const frame = await (await page.waitForSelector("#app-frame")).contentFrame();
      await frame!.waitForSelector('h1:has-text("Dashboard")', { timeout: 30_000 });
      // The demo's traffic keeps webhooks coming: the event count grows without a reload.
      const count = async () => Number(await frame!.textContent("[data-testid=stat-events]"));
      const first = await count();
      await frame!.waitForFunction((n) => Number(document.querySelector("[data-testid=stat-events]")?.textContent) > n, first, { timeout: 30_000 });
      // The demo's local HubSpot and Salesforce are connected, and the first scoring run syncs to them.
      await page.click('#app-nav a:text-is("Integrations")');
      await frame!.waitForSelector('h1:has-text("Integrations")', { timeout: 30_000 });
      expect(await frame!.locator('text="Connected"').count()).toBe(2);
      // The first scoring run's tiers, drawn by Polaris Viz once the page is in the browser.
      const deadline = Date.now() + 90_000;
      for (;;) {
        await page.click('#app-nav a:text-is("Customers")');
        await frame!.waitForSelector('h1:has-text("Customers")', { timeout: 30_000 });
        if ((await frame!.locator("[data-testid=clv-bar-chart] svg").count()) > 0) break;
        if (Date.now() > deadline) throw new Error("the Customers page showed no tier chart within 90 s");
        await page.click('#app-nav a:text-is("Integrations")');
        await new Promise((r) => setTimeout(r, 2000));
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
