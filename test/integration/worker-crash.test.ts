import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { callAction, webhookRoute } from "../support/routes";
import { sampleBodies, webhookRequest } from "../support/webhook-request";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";

const ROOT = resolve(__dirname, "../..");
const ORDERS = 120;
const shop = `crash-${randomUUID().slice(0, 8)}.myshopify.com`;
const bodies = new Map(sampleBodies().map((s) => [s.topic, s.body]));
const CUSTOMER_ID = "706405506930370084";

function startWorker(): ChildProcess {
  // The real worker process, as `npm run worker` starts it.
  return spawn(process.execPath, ["--no-experimental-require-module", "--import", "tsx", "app/worker.server.ts"], {
    cwd: ROOT,
    // Webhooks only: other test files run at once, and their backfill or CRM jobs are not this worker's.
    env: { ...process.env, JOB_RETRY_DELAY_SECONDS: "0", WORKER_QUEUES: "webhooks" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | false>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const processedCount = () => prisma.webhookEvent.count({ where: { shop, status: "processed" } });
const activeJobs = async () =>
  Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'webhooks' AND state = 'active' AND data->>'shop' = ${shop}`)[0]!.n);

describe("a worker killed in the middle of its work", () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await stopQueue();
  });

  it("is restarted and every job's effect happens exactly once", { timeout: 180_000 }, async () => {
    const customers = await webhookRoute("customers/create");
    expect((await callAction(customers, webhookRequest({ topic: "customers/create", shop, body: bodies.get("customers/create")! }))).status).toBe(200);
    const orders = await webhookRoute("orders/create");
    const template = bodies.get("orders/create")!.replaceAll("115310627314723954", CUSTOMER_ID);
    for (let i = 0; i < ORDERS; i++) {
      const body = template.replaceAll("820982911946154508", String(820982911946154508n + BigInt(i)));
      const res = await callAction(orders, webhookRequest({ topic: "orders/create", shop, body }));
      expect(res.status).toBe(200);
    }

    const first = startWorker();
    children.push(first);
    // Kill it while it holds a job it cannot finish: our lock on the Order table stops its effect
    // mid-transaction (on PGlite, an open transaction holds the whole database the same way).
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    const killedWith = await waitFor("the worker to be mid-job", async () => {
      if ((await processedCount()) < 10) return false;
      await locker.query("BEGIN");
      await locker.query('LOCK TABLE "Order" IN EXCLUSIVE MODE');
      const { rows } = await locker.query(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'webhooks' AND state = 'active' AND data->>'shop' = $1",
        [shop],
      );
      if (rows[0].n === 0) {
        await locker.query("ROLLBACK");
        return false;
      }
      first.kill("SIGKILL");
      await new Promise((r) => (first.exitCode !== null || first.signalCode !== null ? r(null) : first.once("exit", r)));
      await locker.query("ROLLBACK");
      return rows[0].n as number;
    });
    await locker.end();
    expect(killedWith).toBeGreaterThan(0);
    const afterKill = await processedCount();
    expect(afterKill).toBeLessThan(ORDERS + 1);
    expect(await activeJobs()).toBeGreaterThan(0); // the job the dead worker left behind

    const second = startWorker();
    children.push(second);
    // Done when every event is processed and every job settled (the dead worker's batch is retried,
    // and its jobs whose effects had committed find them done).
    const unsettled = async () =>
      Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'webhooks' AND state <> 'completed' AND data->>'shop' = ${shop}`)[0]!.n);
    await waitFor("all events processed and all jobs settled", async () => (await processedCount()) === ORDERS + 1 && (await unsettled()) === 0);
    second.kill("SIGTERM");

    expect(await prisma.order.count({ where: { shop } })).toBe(ORDERS);
    const customer = await prisma.customer.findFirstOrThrow({ where: { shop } });
    expect(customer.ordersCount).toBe(ORDERS);
    const states = await prisma.$queryRaw<{ state: string; n: bigint }[]>`
      SELECT state::text AS state, count(*) AS n FROM pgboss.job WHERE name = 'webhooks' AND data->>'shop' = ${shop} GROUP BY state`;
    expect(Object.fromEntries(states.map((s) => [s.state, Number(s.n)]))).toEqual({ completed: ORDERS + 1 });
  });
});
