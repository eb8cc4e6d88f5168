// Webhook intake on PostgreSQL: acknowledgement latency (p50/p99) and sustained rate.
// Open-loop load: requests are sent on a fixed schedule whatever the app's answers, so a slow app
// shows up as latency and a lower achieved rate instead of a politely slower client.
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { freePort } from "../scripts/lib/embedded-db.mjs";
import { startAppServer } from "./lib/app-server";
import { benchDatabase } from "./lib/database";

const ROOT = resolve(import.meta.dirname, "..");
const SECRET = "bench-secret";
// The target is 1,000/s with p99 < 50 ms; the sweep also finds the highest rate this machine
// sustains within that latency, so a result says how far off the target is, not just "no".
const RATES = (process.env.BENCH_RATES ?? "100,200,300,400,500,1000").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TARGET = { rate: 1000, p99Ms: 50 };
const WARMUP_SECONDS = 2;
const shop = "bench-shop.myshopify.com";

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function deliveries(count: number) {
  const sample = readFileSync(resolve(ROOT, "bench/fixtures/orders-create.json"), "utf8");
  return Array.from({ length: count }, (_, i) => {
    const body = sample.replaceAll("820982911946154508", String(820982911946154508n + BigInt(i)));
    return { body, hmac: createHmac("sha256", SECRET).update(body).digest("base64"), eventId: randomUUID() };
  });
}

async function load(url: string, rate: number, seconds: number, items: ReturnType<typeof deliveries>, offset: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const target = new URL("/webhooks/orders/create", url);
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  const send = (i: number) =>
    new Promise<void>((done) => {
      const d = items[offset + i]!;
      const t0 = performance.now();
      const req = http.request(target, {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": "orders/create",
          "X-Shopify-Hmac-Sha256": d.hmac,
          "X-Shopify-Shop-Domain": shop,
          "X-Shopify-API-Version": "2026-07",
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-Event-Id": d.eventId,
          "X-Shopify-Triggered-At": new Date().toISOString(),
        },
      }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          done();
        });
      });
      req.on("error", () => {
        errors++;
        done();
      });
      req.end(d.body);
    });
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(i));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent: total, ok: latencies.length, errors, elapsedSeconds: elapsed, achievedRate: latencies.length / elapsed, latencies };
}

async function main() {
  if (!existsSync(resolve(ROOT, "build/index.js"))) execFileSync(resolve(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: "inherit" });
  const db = await benchDatabase();
  const port = await freePort();
  const app = await startAppServer(
    {
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: "20",
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "2",
      SHOPIFY_API_KEY: "bench-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    },
    port,
  );
  try {
    const total = RATES.reduce((n, r) => n + r * SECONDS, 0) + 200 * WARMUP_SECONDS + 10;
    const items = deliveries(Math.round(total));
    let offset = 0;
    await load(app.url, 200, WARMUP_SECONDS, items, offset);
    offset += 200 * WARMUP_SECONDS;
    const steps = [];
    for (const rate of RATES) {
      const run = await load(app.url, rate, SECONDS, items, offset);
      offset += Math.round(rate * SECONDS);
      const p = (q: number) => +percentile(run.latencies, q).toFixed(2);
      const step = {
        targetRate: rate,
        achievedRate: Math.round(run.achievedRate),
        acknowledged: run.ok,
        errors: run.errors,
        latencyMs: { p50: p(50), p90: p(90), p99: p(99), max: +(run.latencies.at(-1) ?? NaN).toFixed(2) },
        withinTarget: run.errors === 0 && run.achievedRate >= 0.98 * rate && percentile(run.latencies, 99) < TARGET.p99Ms,
      };
      console.log(JSON.stringify(step));
      steps.push(step);
      await new Promise((r) => setTimeout(r, 1000)); // let a backlog drain before the next step
    }
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    const stored = Number((await check.query(`SELECT count(*) FROM "WebhookEvent"`)).rows[0].count);
    const jobs = Number((await check.query(`SELECT count(*) FROM pgboss.job WHERE name = 'webhooks'`)).rows[0].count);
    await check.end();
    const sustained = steps.filter((s) => s.withinTarget).map((s) => s.targetRate);
    const atTarget = steps.find((s) => s.targetRate === TARGET.rate);
    const result = {
      benchmark: "webhook intake (orders/create sample, 7 KB: HMAC-verified, deduplicated, stored and enqueued, answered 200)",
      date: new Date().toISOString(),
      database: db.kind,
      machine: { cpus: (await import("node:os")).cpus().length, node: process.version, webProcesses: Number(process.env.WEB_CONCURRENCY ?? 2) },
      secondsPerStep: SECONDS,
      steps,
      highestRateWithinTarget: sustained.length ? Math.max(...sustained) : null,
      storedEvents: stored,
      enqueuedJobs: jobs,
      target: TARGET,
      meetsTarget: Boolean(atTarget?.withinTarget),
    };
    mkdirSync(resolve(ROOT, "bench/results"), { recursive: true });
    writeFileSync(resolve(ROOT, "bench/results/webhook-intake.json"), JSON.stringify(result, null, 2) + "\n");
    console.log(JSON.stringify({ highestRateWithinTarget: result.highestRateWithinTarget, meetsTarget: result.meetsTarget, storedEvents: stored, enqueuedJobs: jobs }));
  } finally {
    await app.stop();
    await db.stop();
  }
}

await main();
