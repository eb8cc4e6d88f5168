// POST /api/checkout/decision under load: the built app (server.mjs, WEB_CONCURRENCY processes) on
// the embedded database, or on PostgreSQL when BENCH_DATABASE_URL names a server (a fresh database
// is created, migrated and dropped). Open-loop: requests leave on a fixed schedule whatever the app
// answers, so a slow app shows as latency, not as a politely slower client.
//
// Three measurements, written to bench/results/checkout-decision.json under runs.embedded or
// runs.postgresql (one file holds both; `before` keeps the last run of the locked design):
//   1. HTTP: client latency and the route's own Server-Timing (auth, parse, decide, total).
//   2. In-process breakdown: the same service (checkoutDecision → decideFor) called one at a time and
//      then at the same rate inside this process, every SQL statement timed by kind (settings,
//      history, store) and the JS between them, with how often a decision was made again because a
//      concurrent one took its money or its unit's slot first.
//   3. The pure engine: decide() over the contexts the run stored.
//
// Options (env or --flag=value): BENCH_RATE/--rate (500) or BENCH_RATES/--rates (a sweep), BENCH_SECONDS/--seconds (15),
// BENCH_WARMUP_SECONDS/--warmup (5), BENCH_PROFILE_SECONDS/--profile (10), BENCH_PROFILE_RATE/--profile-rate (150),
// WEB_CONCURRENCY/--web (2), BENCH_ATTEMPTS/--attempts (3: a step is measured again while other processes use over 10 % of the CPUs).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../scripts/lib/embedded-db.mjs";
import { DEFAULT_GUARDRAILS } from "../app/services/workflow-defaults.server";
import { startAppServer } from "./lib/app-server";
import { checkoutDatabase, checkoutRequests, ensureFreshBuild, quietMachine, percentiles, prepareShop, rateSweep, sessionTokens, storedOutcomes, type CheckoutRequest } from "./lib/checkout-load";

const ROOT = resolve(import.meta.dirname, "..");
const { values: argv } = parseArgs({ options: { rate: { type: "string" }, rates: { type: "string" }, seconds: { type: "string" }, warmup: { type: "string" }, profile: { type: "string" }, "profile-rate": { type: "string" }, web: { type: "string" }, attempts: { type: "string" } } });
// One rate, or a sweep (--rates=50,100,200,500) to find the highest rate this machine sustains.
const RATES = String(argv.rates ?? process.env.BENCH_RATES ?? argv.rate ?? process.env.BENCH_RATE ?? 500).split(",").map(Number);
const SECONDS = Number(argv.seconds ?? process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(argv.warmup ?? process.env.BENCH_WARMUP_SECONDS ?? 5);
const PROFILE_SECONDS = Number(argv.profile ?? process.env.BENCH_PROFILE_SECONDS ?? 10);
// One process (this one) runs the service and the load: a rate it can sustain shows where the time
// goes; the HTTP steps show what the app as a whole sustains.
const PROFILE_RATE = Number(argv["profile-rate"] ?? process.env.BENCH_PROFILE_RATE ?? 150);
const WEB = Number(argv.web ?? process.env.WEB_CONCURRENCY ?? 2);
// On a shared machine a step is measured again (up to this many times) when other processes took CPU.
const ATTEMPTS = Number(argv.attempts ?? process.env.BENCH_ATTEMPTS ?? 3);
const POOL = 20;
const TARGET = { rate: 500, serverP99Ms: 5 };
const SHOP = "bench-checkout.myshopify.com";
const API_KEY = "bench-key";
const SECRET = randomBytes(24).toString("hex");
const sign = sessionTokens(SHOP, API_KEY, SECRET);

/** Flag live, no holdout, a budget that does not run out mid-run (every applied discount still reserves from it). */
const SETTINGS = {
  "flag:checkout_incentive": { workflow: "checkout_incentive", mode: "live", killed: false, rollout: { percent: 100, seed: "s", hashVersion: 2 }, targeting: {}, version: 1 },
  experiments: { universalHoldout: { percent: 0, seed: "u" }, holdoutPercent: 0 },
  guardrails: { ...DEFAULT_GUARDRAILS, dailyBudgetMinor: 1_000_000_000 },
};

// ---- In-process breakdown: the real service, every SQL statement timed and attributed ----

type Timed = { kind: string; ms: number };

/** Which step of decideFor a statement belongs to, from its text. */
function statementKind(sql: string): string {
  if (/"Setting"/.test(sql)) return "settings";
  if (/FROM "Decision" WHERE shop = \$1 AND "unitId"/.test(sql)) return "history";
  if (/^\s*WITH /.test(sql) && /INSERT INTO "Decision"/.test(sql)) return "store";
  return "other";
}
const STATEMENTS = ["settings", "history", "store", "other"];

async function profileInProcess(o: { shop: string; rate: number; seconds: number; requests: CheckoutRequest[]; secret: string }) {
  // Imported only now: the app reads its environment (set by the caller) when first imported.
  const { pool } = await import("../app/db.server");
  const { checkoutDecision, checkoutDecisionBodySchema } = await import("../app/services/checkout-decision.server");
  const { jwtVerify } = await import("jose");
  const { AsyncLocalStorage } = await import("node:async_hooks");
  const als = new AsyncLocalStorage<Timed[]>();
  const textOf = (q: unknown) => (typeof q === "string" ? q : ((q as { text?: string })?.text ?? ""));
  const originalQuery = pool.query;
  // decideFor runs in autocommit on pool.query (and Prisma's reads go through it too): one wrapper sees every statement.
  pool.query = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const result = (originalQuery as (...a: unknown[]) => unknown).apply(pool, args);
    if (result instanceof Promise) {
      const store = als.getStore();
      const kind = statementKind(textOf(args[0]));
      void result.then(() => store?.push({ kind, ms: performance.now() - t0 }), () => undefined);
    }
    return result;
  } as typeof pool.query;

  const key = new TextEncoder().encode(o.secret);
  const items = await Promise.all(o.requests.map(async (r) => ({ token: await sign(r.sub), body: JSON.stringify(r.body) })));
  const rows: Record<string, number>[] = [];
  const errors: Record<string, number> = {};
  const total = Math.round(o.rate * o.seconds);
  const one = (item: { token: string; body: string }) =>
    als.run([], async () => {
      try {
        const t0 = performance.now();
        const { payload } = await jwtVerify(item.token, key, { algorithms: ["HS256"], clockTolerance: 10 });
        const t1 = performance.now();
        const body = checkoutDecisionBodySchema.parse(JSON.parse(item.body));
        const t2 = performance.now();
        await checkoutDecision(o.shop, body, { customerGid: typeof payload.sub === "string" ? payload.sub : null });
        const t3 = performance.now();
        const row: Record<string, number> = { total: t3 - t0, "auth (JWT verify)": t1 - t0, "parse (JSON + zod)": t2 - t1, "service (checkoutDecision)": t3 - t2 };
        const timed = als.getStore()!;
        for (const s of timed) row[s.kind] = (row[s.kind] ?? 0) + s.ms;
        row.attempts = timed.filter((s) => s.kind === "store").length;
        row["service: JS between statements (zod, engine, JSON)"] = row["service (checkoutDecision)"]! - STATEMENTS.reduce((n, k) => n + (row[k] ?? 0), 0);
        rows.push(row);
      } catch (error) {
        const message = error instanceof Error ? error.message.split("\n").at(-1)!.slice(0, 120) : String(error);
        errors[message] = (errors[message] ?? 0) + 1;
      }
    });
  // First one at a time (each stage's own cost, nothing queued), then open-loop at the rate.
  const SEQUENTIAL = 300;
  for (const item of items.slice(total, total + SEQUENTIAL)) await one(item);
  const sequential = rows.splice(0);
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / o.rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(one(items[i]!));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  pool.query = originalQuery;

  const order = ["total", "auth (JWT verify)", "parse (JSON + zod)", "service (checkoutDecision)", ...STATEMENTS, "service: JS between statements (zod, engine, JSON)"];
  const stages = (rs: Record<string, number>[]) => Object.fromEntries(order.filter((k) => rs.some((r) => r[k] !== undefined)).map((k) => [k, percentiles(rs.flatMap((r) => (r[k] === undefined ? [] : [r[k]!])))]));
  const attempts = (rs: Record<string, number>[]) => {
    const counts: Record<string, number> = {};
    for (const r of rs) counts[String(r.attempts)] = (counts[String(r.attempts)] ?? 0) + 1;
    return counts;
  };

  // The pure engine over the contexts this run stored (each stored context is the engine's input).
  const { decide } = await import("../app/engine/decide");
  const { rows: contexts } = await pool.query<{ context: unknown }>(`SELECT context FROM "Decision" WHERE shop = $1 ORDER BY "createdAt" DESC LIMIT 20000`, [o.shop]);
  for (const c of contexts.slice(0, 2000)) decide(c.context); // warm-up
  const engineTimes = contexts.map((c) => {
    const t0 = performance.now();
    decide(c.context);
    return performance.now() - t0;
  });
  await pool.end();
  return {
    targetRate: o.rate,
    seconds: o.seconds,
    ok: rows.length,
    errors,
    achievedRate: Math.round(rows.length / elapsed),
    stagesMs: stages(rows),
    storeAttemptsPerDecision: attempts(rows),
    sequential: { decisions: sequential.length, stagesMs: stages(sequential), storeAttemptsPerDecision: attempts(sequential) },
    engine: { contexts: engineTimes.length, latencyMs: percentiles(engineTimes) },
  };
}

async function main() {
  ensureFreshBuild();
  const db = await checkoutDatabase("uplift_bench_checkout");
  console.log(`[bench] database: ${db.kind}`);
  await prepareShop(db.url, SHOP, SETTINGS);
  const port = await freePort();
  const env = { NODE_ENV: "production", DATABASE_URL: db.url, DATABASE_POOL_SIZE: String(POOL), WEB_CONCURRENCY: String(WEB), SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: `http://127.0.0.1:${port}` };
  const app = await startAppServer(env, port);
  try {
    const needed = Math.round(RATES[0]! * WARMUP_SECONDS + ATTEMPTS * RATES.reduce((n, r) => n + r * SECONDS, 0)) + 10;
    const items = await Promise.all(checkoutRequests(needed, 2026).map(async (r) => ({ body: JSON.stringify(r.body), token: await sign(r.sub) })));
    const actionOf = (body: unknown) => (body as { action: { type: string } }).action.type;
    const steps = await rateSweep({
      url: app.url,
      path: "/api/checkout/decision",
      appPid: app.child.pid,
      rates: RATES,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      attempts: ATTEMPTS,
      items,
      actionOf,
      metrics: ["total", "auth", "parse", "decide"],
      targetP99Ms: TARGET.serverP99Ms,
    });
    const stored = await storedOutcomes(db.url);
    await app.stop();

    const profileRate = PROFILE_RATE;
    await quietMachine();
    console.log(`[bench] in-process breakdown: ${PROFILE_SECONDS} s at ${profileRate}/s`);
    Object.assign(process.env, { ...env, NODE_ENV: "test" });
    const profile = await profileInProcess({ shop: SHOP, rate: profileRate, seconds: PROFILE_SECONDS, requests: checkoutRequests(Math.round(profileRate * PROFILE_SECONDS) + 310, 7), secret: SECRET });

    const atTarget = steps.find((s) => s.targetRate === TARGET.rate);
    const sustained = steps.filter((s) => s.withinTarget).map((s) => s.targetRate);
    const run = {
      date: new Date().toISOString(),
      database: db.kind,
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version, webProcesses: WEB, poolSizePerProcess: POOL, loadGeneratorOnSameMachine: true },
      settings: { rates: RATES, secondsPerStep: SECONDS, attemptsPerStep: ATTEMPTS, warmupSeconds: WARMUP_SECONDS, profileSeconds: PROFILE_SECONDS, profileRate: PROFILE_RATE },
      steps,
      highestRateWithinTarget: sustained.length ? Math.max(...sustained) : null,
      stored,
      inProcess: profile,
      target: TARGET,
      meetsTarget: Boolean(atTarget?.withinTarget),
    };
    // One file, one entry per database: the embedded run and the PostgreSQL run sit side by side.
    const file = resolve(ROOT, `bench/results/${process.env.BENCH_RESULT_NAME ?? "checkout-decision"}.json`);
    const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { runs?: Record<string, unknown>; before?: unknown }) : {};
    const result = {
      benchmark:
        "POST /api/checkout/decision: checkout session token verified, cart validated and converted to minor units, flag + experiment + one history read + engine + guardrails, then decision/exposure/audit (and approval) stored by one statement that reserves the money from the shop's day counter and the unit's offer slot (no shop lock; a lost race decides again), shopper-facing answer",
      notes: [
        "steps[].serverTimingMs is measured inside the route (authenticate → response built, Server-Timing header); client latency adds Express/Remix, the event-loop queue and the socket",
        "the load generator, both web processes and the database share the machine's CPUs: cpuPercent says who used them during the step (other = processes that are not part of the bench, e.g. someone else's tests), generatorMaxLateMs how far the generator fell behind its schedule",
        "inProcess runs the same service in the benchmark process (no HTTP) with each SQL statement timed by kind; storeAttemptsPerDecision counts decisions made again after a concurrent one took their money or their unit's slot",
        "before: the last run of the previous design (per-shop advisory lock, interactive Prisma transaction, the day's spend summed over the day's rows), kept for comparison",
      ],
      ...(previous.before ? { before: previous.before } : {}),
      runs: { ...(previous.runs ?? {}), [db.key]: run },
    };
    mkdirSync(resolve(ROOT, "bench/results"), { recursive: true });
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(run, null, 2));
    console.log(`written ${file}`);
  } finally {
    await app.stop();
    await db.stop();
  }
}

await main();
process.exit(0);
