// Everything the demo and the end-to-end tests run: the embedded database, a local Shopify with a
// generated store, the app's web and worker processes, and optional live traffic.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { freePort, startEmbeddedDb } from "./embedded-db.mjs";
import { migrate } from "./migrate.mjs";
import { generateStore } from "../../tools/local-shopify/generate-store";
import { startLocalShopify, type LocalShopify } from "../../tools/local-shopify/server";
import { startTraffic, type Traffic } from "../../tools/local-shopify/traffic";
import { WebhookSender, buildDelivery, isWebhookTopic, loadSubscriptions, type WebhookTopic, type TopicResources } from "../../tools/local-shopify/webhooks";

const ROOT = resolve(import.meta.dirname, "../..");

export type StackOptions = {
  dbDir?: string; // undefined: an in-memory database
  seed?: number;
  shops?: { domain: string; productCount?: number; customerCount?: number; years?: number }[];
  appPort?: number;
  shopifyPort?: number;
  trafficIntervalMs?: number; // undefined: no live traffic
  log?: (line: string) => void;
  quiet?: boolean; // children's output not shown
  env?: Record<string, string>; // extra environment for the app's processes (e.g. SLACK_*)
};

export type Stack = {
  appUrl: string;
  adminUrl: (shop?: string, path?: string) => string;
  local: LocalShopify;
  sender: WebhookSender;
  databaseUrl: string;
  /** The environment the app's processes run with (a script can import app modules under it). */
  env: Record<string, string>;
  apiKey: string;
  apiSecret: string;
  shops: string[];
  send: (shop: string, topic: string, resource: unknown) => Promise<number>;
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
};

async function waitForHttp(url: string, child: ChildProcess, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    child.kill("SIGTERM");
  });
}

export function ensureBuild(log: (s: string) => void) {
  if (existsSync(resolve(ROOT, "build/index.js"))) return;
  log("building the app (remix build)…");
  execFileSync(resolve(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: "inherit" });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(`[uplift] ${line}`));
  const seed = options.seed ?? 20261123;
  const shops = options.shops ?? [{ domain: "uplift-demo.myshopify.com" }];
  ensureBuild(log);

  const db = await startEmbeddedDb({ dir: options.dbDir });
  const applied = await migrate(db.url, resolve(ROOT, "prisma/migrations"));
  log(`embedded database on ${db.url.replace(/:[^:@/]*@/, ":***@")}${applied.length ? ` (applied ${applied.join(", ")})` : ""}`);

  // Demo credentials, fresh for every run: the local Shopify and the app share them, nothing else does.
  const apiKey = "uplift-demo";
  const apiSecret = randomBytes(24).toString("hex");
  const appPort = options.appPort ?? (await freePort());
  const appUrl = `http://127.0.0.1:${appPort}`;

  const t0 = Date.now();
  const stores = shops.map((s, i) =>
    generateStore({ domain: s.domain, seed: seed + i, productCount: s.productCount, customerCount: s.customerCount, years: s.years, now: Date.now() }),
  );
  log(
    `generated ${stores.map((s) => `${s.domain}: ${s.products.length} products, ${s.customers.length} customers, ${s.orders.length} orders`).join("; ")} in ${Date.now() - t0} ms`,
  );
  const local = await startLocalShopify({ apiKey, apiSecret, appUrl, stores, port: options.shopifyPort });
  log(`local Shopify on ${local.url}`);

  const env = {
    ...process.env,
    NODE_ENV: (process.env.NODE_ENV === "test" ? "test" : "development") as "test" | "development",
    PORT: String(appPort),
    HOST: "127.0.0.1",
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: appUrl,
    DATABASE_URL: db.url,
    LOCAL_SHOPIFY_URL: local.url,
    APP_BRIDGE_URL: `${local.url}/app-bridge.js`,
    JOB_SUPERVISE_SECONDS: "2",
    JOB_EXPIRE_SECONDS: "30",
    // Test stacks keep the machine for the browser; the demo turns the install backfill on.
    BACKFILL_ON_INSTALL: "false",
    ...options.env,
  };
  const stdio = options.quiet ? (["ignore", "ignore", "inherit"] as const) : (["ignore", "inherit", "inherit"] as const);
  const web = spawn(process.execPath, [resolve(ROOT, "server.mjs")], { cwd: ROOT, env, stdio: [...stdio] });
  // --no-experimental-require-module: under tsx's require hook, packages that export a "module-sync"
  // ESM entry (async-function, reached through @hubspot/api-client) fail to load; Node's plain
  // CommonJS entry works.
  const startWorker = () => spawn(process.execPath, ["--no-experimental-require-module", "--import", "tsx", resolve(ROOT, "app/worker.server.ts")], { cwd: ROOT, env, stdio: [...stdio] });
  let worker = startWorker();
  await waitForHttp(appUrl, web, "the web process");

  const sender = new WebhookSender({ appUrl, apiSecret, subscriptions: loadSubscriptions(resolve(ROOT, "shopify.app.toml"), appUrl), seed });
  const send = async (shop: string, topic: string, resource: unknown) => {
    const delivery = buildDelivery(topic as WebhookTopic, resource as TopicResources[WebhookTopic], shop, { currency: local.store(shop).shop.currencyCode, timeZone: local.store(shop).shop.ianaTimezone });
    const [result] = await sender.send(delivery);
    return result?.status ?? 0;
  };

  // Shopify's own events (a bulk operation finishing) reach the app as webhooks too, a moment later.
  local.listen((shop, topic, resource) => {
    if (!isWebhookTopic(topic)) return;
    setTimeout(() => void send(shop, topic, resource).catch((error: unknown) => log(`webhook ${topic} failed: ${String(error)}`)), 1000).unref();
  });

  const traffic: Traffic[] = [];
  if (options.trafficIntervalMs) {
    for (const [i, store] of stores.entries()) {
      traffic.push(
        startTraffic(local, store.domain, async (topic, resource) => {
          const status = await send(store.domain, topic, resource);
          if (status !== 200) log(`webhook ${topic} answered ${status}`);
        }, { intervalMs: options.trafficIntervalMs, seed: seed + 100 + i }),
      );
    }
  }

  const storeName = (shop: string) => shop.replace(/\.myshopify\.com$/, "");
  return {
    appUrl,
    adminUrl: (shop = stores[0]!.domain, path = "") => `${local.url}/store/${storeName(shop)}/apps/${apiKey}${path}`,
    local,
    sender,
    databaseUrl: db.url,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string")),
    apiKey,
    apiSecret,
    shops: stores.map((s) => s.domain),
    send,
    async restartWorker() {
      await stopChild(worker);
      worker = startWorker();
    },
    async stop() {
      for (const t of traffic) t.stop();
      await Promise.all([stopChild(web), stopChild(worker)]);
      await local.close();
      await db.stop();
    },
  };
}
