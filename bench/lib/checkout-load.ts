// What the checkout benches (checkout-decision.ts, checkout-offer.ts) share: carts as the Checkout
// UI extension reads them, checkout session tokens, the shop's settings, the built app on a fresh
// database, and an open-loop HTTP load that reads the route's Server-Timing.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";
import pg from "pg";
import { seededRng } from "../../app/engine/clv";
import { migrate } from "../../scripts/lib/migrate.mjs";
import { createScratchDatabase } from "../../scripts/lib/scratch-database.mjs";

const ROOT = resolve(import.meta.dirname, "../..");

export type Percentiles = { n: number; p50: number; p95: number; p99: number; max: number };

export function percentiles(values: number[]): Percentiles {
  const v = Float64Array.from(values).sort();
  const at = (p: number) => (v.length ? +v[Math.min(v.length - 1, Math.floor(p * v.length))]!.toFixed(3) : NaN);
  return { n: v.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: v.length ? +v[v.length - 1]!.toFixed(3) : NaN };
}

/** "auth;dur=0.41, total;dur=2.3" → { auth: 0.41, total: 2.3 } */
export function serverTiming(header: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? "").split(",")) {
    const m = /^\s*([a-z]+);dur=([\d.]+)/.exec(part);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

// ---- Carts, as the Checkout UI extension reads them (shopify.lines, money as decimal strings) ----

export type CheckoutRequest = { sub: string | null; body: Record<string, unknown> };

/**
 * `count` checkouts: 30 % logged-in buyers from a pool of 3,000 (their history and frequency cap come
 * into play), the rest guests with a checkout token each; 1–6 lines of $5–$80 variants, so about a
 * third pass the default policy's free-shipping threshold ($150) and a few are big enough for review.
 */
export function checkoutRequests(count: number, seed: number): CheckoutRequest[] {
  const rng = seededRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const price = (v: number) => 500 + ((v * 7919) % 7500); // $5.00–$79.99, fixed per variant
  const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
  return Array.from({ length: count }, () => {
    const sub = rng() < 0.3 ? `gid://shopify/Customer/${int(1, 3000)}` : null;
    const lines = Array.from({ length: pick([1, 1, 2, 2, 3, 4, 6]) }, () => {
      const v = int(1, 300);
      const quantity = pick([1, 1, 1, 2, 3]);
      // Some lines carry a line-level reduction, so the total does not split evenly over the quantity.
      const total = price(v) * quantity - (rng() < 0.1 ? 1 : 0);
      return {
        id: `gid://shopify/CartLine/${randomUUID()}`,
        merchandise: { type: "variant", id: `gid://shopify/ProductVariant/${v}`, title: `Variant ${v}`, product: { id: `gid://shopify/Product/${v % 120}`, vendor: "Bench" } },
        quantity,
        cost: { totalAmount: { amount: decimal(total), currencyCode: "USD" } },
      };
    });
    const body = {
      checkoutToken: randomBytes(16).toString("hex"),
      currencyCode: "USD",
      lines,
      discountCodes: rng() < 0.1 ? [{ code: "WELCOME10" }] : [],
      device: pick(["mobile", "mobile", "desktop", "tablet"]),
      country: pick(["US", "US", "CA", "GB"]),
    };
    return { sub, body };
  });
}

/** Checkout session tokens as Shopify signs them (HS256 with the app's secret; `sub` for a logged-in buyer). */
export function sessionTokens(shop: string, apiKey: string, secret: string) {
  const key = new TextEncoder().encode(secret);
  return (sub: string | null) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ dest: shop, aud: apiKey, ...(sub ? { sub } : {}) })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 3600)
      .setJti(randomUUID())
      .sign(key);
  };
}

// ---- The app and its database ----

/** The classic compiler's build, rebuilt when any app file is newer (the routes must be in it). */
export function ensureFreshBuild() {
  const built = resolve(ROOT, "build/index.js");
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  if (existsSync(built) && statSync(built).mtimeMs >= newest(resolve(ROOT, "app"))) return;
  console.log("[bench] building the app (remix build)…");
  execFileSync(resolve(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

/**
 * PGlite in a process of its own, as in the demo (where the launcher, not the web process, holds it):
 * here that also keeps the database's single-threaded work off the load generator's event loop.
 */
async function embeddedDb(): Promise<{ url: string; stop(): Promise<void> }> {
  const module = pathToFileURL(resolve(ROOT, "scripts/lib/embedded-db.mjs")).href;
  const code = `import { startEmbeddedDb } from ${JSON.stringify(module)};
const db = await startEmbeddedDb();
process.stdout.write(db.url + "\\n");
process.on("SIGTERM", async () => { await db.stop(); process.exit(0); });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) done(out.trim());
    });
    child.once("exit", (code) => fail(new Error(`embedded database exited with ${code}`)));
  });
  return { url, stop: () => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once("exit", () => done()), child.kill("SIGTERM")))) };
}

/** A fresh, migrated database: a scratch one on the server BENCH_DATABASE_URL names, else the embedded default. */
export async function checkoutDatabase(prefix: string): Promise<{ kind: string; key: "postgresql" | "embedded"; url: string; stop(): Promise<void> }> {
  const server = process.env.BENCH_DATABASE_URL;
  if (server) {
    const db = await createScratchDatabase(server, prefix);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const version = (await c.query("SHOW server_version")).rows[0].server_version as string;
    await c.end();
    return { kind: `PostgreSQL ${version} (local server, fresh database)`, key: "postgresql", ...db };
  }
  const db = await embeddedDb();
  await migrate(db.url, resolve(ROOT, "prisma/migrations"));
  return { kind: "embedded (PGlite over pglite-socket, own process)", key: "embedded", ...db };
}

/** The shop as installation and Settings would leave it, with the given settings documents. */
export async function prepareShop(url: string, shop: string, settings: Record<string, unknown>) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`INSERT INTO "Shop" (shop, scopes, "updatedAt") VALUES ($1, 'write_discounts', now())`, [shop]);
  for (const [key, value] of Object.entries(settings)) {
    await c.query(`INSERT INTO "Setting" (shop, key, version, value, "updatedBy") VALUES ($1, $2, 1, $3, 'bench')`, [shop, key, JSON.stringify(value)]);
  }
  await c.end();
}

/** What every decision stored in the run says, by outcome and action, plus approvals and the day's counter. */
export async function storedOutcomes(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const rows = (await c.query(`SELECT outcome, "actionType", count(*)::int AS n FROM "Decision" GROUP BY 1, 2 ORDER BY 3 DESC`)).rows as { outcome: string; actionType: string; n: number }[];
  const approvals = Number((await c.query(`SELECT count(*) FROM "Approval"`)).rows[0].count);
  // The counter must equal what the rows add up to (applied discounts plus approval holds), per shop and day.
  const drift = (
    await c.query(`SELECT count(*)::int AS n FROM "DailySpend" s WHERE s."committedMinor" <>
      (SELECT coalesce(sum("discountMinor"), 0) FROM "Decision" d WHERE d.shop = s.shop AND d."createdAt"::date = s.day AND d.outcome = 'apply')
      + (SELECT coalesce(sum("discountMinor"), 0) FROM "Approval" a WHERE a.shop = s.shop AND a."createdAt"::date = s.day AND a.status IN ('pending', 'approved'))`)
  ).rows[0].n as number;
  const committed = (await c.query(`SELECT coalesce(sum("committedMinor"), 0)::text AS n FROM "DailySpend"`)).rows[0].n as string;
  await c.end();
  return { stored: Object.fromEntries(rows.map((r) => [`${r.outcome}:${r.actionType}`, r.n])), approvals, committedMinor: Number(committed), counterRowsNotMatchingTheirRows: drift };
}

// ---- Open-loop HTTP load ----

/** The machine's CPU time so far, in clock ticks (all processes). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + (fields[4] ?? 0);
  return { busy: fields.reduce((a, b) => a + b, 0) - idle, total: fields.reduce((a, b) => a + b, 0) };
}

/** CPU ticks used so far by each process: pid → { ppid, comm, ticks }. */
function processTicks(): Map<number, { ppid: number; comm: string; ticks: number }> {
  const out = new Map<number, { ppid: number; comm: string; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const rest = stat.slice(close + 2).split(" ");
      out.set(Number(name), { ppid: Number(rest[1]), comm: stat.slice(stat.indexOf("(") + 1, close), ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // the process ended while we read
    }
  }
  return out;
}

/**
 * Who used the machine's CPUs during a step, in percent of all of them: the app's processes (the
 * tree under `appPid`), this load generator, the database's processes, and everything else (other
 * jobs on a shared machine make a run slower without saying so; this says so).
 */
export function cpuAccounting(appPid: number | undefined) {
  if (!existsSync("/proc/stat")) return () => null;
  const m0 = machineTicks();
  const p0 = processTicks();
  return () => {
    const m1 = machineTicks();
    const p1 = processTicks();
    const used = (pid: number) => (p1.get(pid)?.ticks ?? 0) - (p0.get(pid)?.ticks ?? 0);
    const inTree = (pid: number): boolean => pid === appPid || (pid > 1 && p1.has(pid) && inTree(p1.get(pid)!.ppid));
    let app = 0;
    let database = 0;
    for (const [pid, p] of p1) {
      if (pid === process.pid) continue;
      if (appPid !== undefined && inTree(pid)) app += used(pid);
      else if (p.comm === "postgres") database += used(pid);
    }
    const total = Math.max(1, m1.total - m0.total);
    const pct = (ticks: number) => Math.round((100 * ticks) / total);
    const busy = m1.busy - m0.busy;
    const generator = used(process.pid);
    // An embedded database runs as a child of this process: it is counted with the generator here.
    return { machineBusy: pct(busy), app: pct(app), database: pct(database), loadGenerator: pct(generator), other: pct(Math.max(0, busy - app - database - generator)) };
  };
}

/** Waits (up to `maxMs`) until the machine's CPUs are mostly idle, so a step does not start inside someone else's job. */
export async function quietMachine(maxMs = 60_000, busyBelowPercent = 20): Promise<number | null> {
  if (!existsSync("/proc/stat")) return null;
  const deadline = Date.now() + maxMs;
  for (;;) {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineTicks();
    const busy = Math.round((100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total));
    if (busy < busyBelowPercent || Date.now() > deadline) return busy;
  }
}

export type Sample = { client: number; server: Record<string, number>; action: string };
export type LoadItem = { body: string; token: string };

/**
 * Sends `items` to `path` at `rate` per second on a fixed schedule, whatever the app answers: a slow
 * app shows as latency, not as a politely slower client. `actionOf` reads a 200's answer.
 */
export async function openLoop(o: { url: string; path: string; rate: number; seconds: number; items: LoadItem[]; actionOf: (body: unknown) => string; appPid?: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(o.path, o.url);
  const samples: Sample[] = [];
  const errors: Record<string, number> = {};
  const total = Math.min(o.items.length, Math.round(o.rate * o.seconds));
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  let lateMs = 0;
  const cpu = cpuAccounting(o.appPid);
  const fail = (what: string) => (errors[what] = (errors[what] ?? 0) + 1);
  const send = (item: LoadItem) =>
    new Promise<void>((done) => {
      const t0 = performance.now();
      const req = http.request(target, {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${item.token}`, Origin: "https://extensions.shopifycdn.com" },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode !== 200) fail(String(res.statusCode));
          else samples.push({ client: performance.now() - t0, server: serverTiming(res.headers["server-timing"] as string | undefined), action: o.actionOf(JSON.parse(Buffer.concat(chunks).toString())) });
          done();
        });
      });
      req.on("error", (e) => {
        fail(e.message);
        done();
      });
      req.end(item.body);
    });
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // How far the load generator itself fell behind its schedule (it shares the CPUs with the app).
    lateMs = Math.max(lateMs, performance.now() - due);
    inflight.push(send(o.items[i]!));
  }
  await Promise.all(inflight);
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  return { sent: total, ok: samples.length, errors, elapsedSeconds: +elapsed.toFixed(2), achievedRate: Math.round(samples.length / elapsed), generatorMaxLateMs: Math.round(lateMs), cpuPercent: cpu(), samples };
}

/** Percentiles of client latency and of each Server-Timing metric, and what the shoppers were shown. */
export function summarize(samples: Sample[], metrics: string[]) {
  const of = (f: (s: Sample) => number | undefined): Percentiles => percentiles(samples.map(f).filter((x): x is number => x !== undefined));
  const actions: Record<string, number> = {};
  for (const s of samples) actions[s.action] = (actions[s.action] ?? 0) + 1;
  return {
    clientLatencyMs: of((s) => s.client),
    serverTimingMs: Object.fromEntries(metrics.map((m) => [m, of((s) => s.server[m])])),
    shopperActions: actions,
  };
}

/**
 * One measured step on a shared machine: up to `attempts` runs (each with fresh requests), keeping
 * the first in which processes outside the bench used at most `maxOtherPercent` of the CPUs, else
 * the one where they used least. Every attempt's foreign CPU is reported, so a result says how
 * clean it was.
 */
export async function measuredStep<R extends { cpuPercent: { other: number } | null }>(
  run: (attempt: number) => Promise<R>,
  o: { attempts: number; maxOtherPercent: number },
): Promise<R & { attempts: number; otherCpuPercentByAttempt: number[] }> {
  let best: R | null = null;
  const others: number[] = [];
  for (let attempt = 0; attempt < o.attempts; attempt++) {
    if (attempt > 0) await quietMachine();
    const result = await run(attempt);
    const other = result.cpuPercent?.other ?? 0;
    others.push(other);
    if (!best || other < (best.cpuPercent?.other ?? 0)) best = result;
    if (other <= o.maxOtherPercent) break;
    console.log(`[bench] ${other}% of the CPUs went to other processes: measuring again`);
  }
  return { ...best!, attempts: others.length, otherCpuPercentByAttempt: others };
}

/**
 * A warm-up at the first rate, then one measured step per rate, each with requests nobody sent
 * before (a step consumes rate × seconds items per attempt). Both checkout benches use this.
 */
export async function rateSweep(o: {
  url: string;
  path: string;
  appPid: number | undefined;
  rates: number[];
  seconds: number;
  warmupSeconds: number;
  attempts: number;
  items: LoadItem[];
  actionOf: (body: unknown) => string;
  metrics: string[];
  targetP99Ms: number;
  /** Idle time before each step (e.g. so the route's token buckets refill). */
  pauseMs?: number;
}) {
  let offset = Math.round(o.rates[0]! * o.warmupSeconds);
  console.log(`[bench] warm-up: ${o.warmupSeconds} s at ${o.rates[0]}/s`);
  await openLoop({ url: o.url, path: o.path, rate: o.rates[0]!, seconds: o.warmupSeconds, items: o.items.slice(0, offset), actionOf: o.actionOf });
  const steps = [];
  for (const rate of o.rates) {
    if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
    const quiet = await quietMachine();
    console.log(`[bench] measuring: ${o.seconds} s at ${rate}/s (machine ${quiet}% busy before)`);
    const run = await measuredStep(
      async () => {
        const attempt = await openLoop({ url: o.url, path: o.path, rate, seconds: o.seconds, items: o.items.slice(offset), actionOf: o.actionOf, appPid: o.appPid });
        offset += Math.round(rate * o.seconds);
        return attempt;
      },
      { attempts: o.attempts, maxOtherPercent: 10 },
    );
    const summary = summarize(run.samples, o.metrics);
    const step = {
      targetRate: rate,
      seconds: o.seconds,
      machineBusyBeforePercent: quiet,
      sent: run.sent,
      ok: run.ok,
      errors: run.errors,
      achievedRate: run.achievedRate,
      generatorMaxLateMs: run.generatorMaxLateMs,
      attempts: run.attempts,
      otherCpuPercentByAttempt: run.otherCpuPercentByAttempt,
      cpuPercent: run.cpuPercent,
      ...summary,
      withinTarget: run.ok === run.sent && run.achievedRate >= 0.98 * rate && summary.serverTimingMs.total!.p99 < o.targetP99Ms,
    };
    console.log(JSON.stringify({ rate, achievedRate: step.achievedRate, errors: step.errors, cpu: step.cpuPercent, serverTotal: step.serverTimingMs.total, client: step.clientLatencyMs }));
    steps.push(step);
  }
  return steps;
}
