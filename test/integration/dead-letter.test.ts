import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, installShop } from "../support/admin-request";
import { callAction, webhookRoute } from "../support/routes";
import { webhookRequest } from "../support/webhook-request";
import prisma from "../../app/db.server";
import { QUEUES, queue, stopQueue } from "../../app/queue.server";
import { registerWorkers } from "../../app/jobs/run-worker.server";
import * as dashboard from "../../app/routes/app._index";

const shop = `dead-${randomUUID().slice(0, 8)}.myshopify.com`;

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const jobStates = async () =>
  Object.fromEntries(
    (await prisma.$queryRaw<{ name: string; state: string; n: bigint }[]>`
      SELECT name || ':' || state::text AS name, count(*) AS n FROM pgboss.job WHERE data->>'shop' = ${shop} GROUP BY 1`).map((r) => [r.name, Number(r.n)]),
  );

describe("a job that keeps failing", () => {
  beforeAll(async () => {
    await installShop(shop);
    await registerWorkers(await queue(), { concurrency: 1, only: ["webhooks"] });
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("is retried with backoff, then dead-lettered and shown on the Dashboard", async () => {
    // Verified and stored, but not a customer Shopify would send: processing cannot succeed.
    const body = JSON.stringify({ id: 1, email: "broken@example.com" });
    const res = await callAction(await webhookRoute("customers/create"), webhookRequest({ topic: "customers/create", shop, body }));
    expect(res.status).toBe(200);
    await waitFor("the job to fail for good", async () => (await jobStates())[`${QUEUES.webhooks}:failed`] === 1);

    const [job] = await prisma.$queryRaw<{ id: string; retry_count: number }[]>`
      SELECT id::text AS id, retry_count FROM pgboss.job WHERE name = ${QUEUES.webhooks} AND data->>'shop' = ${shop}`;
    expect(job!.retry_count).toBe(Number(process.env.JOB_RETRY_LIMIT)); // every retry was used
    expect(await jobStates()).toMatchObject({ [`${QUEUES.webhooksDead}:created`]: 1 });
    const event = await prisma.webhookEvent.findFirstOrThrow({ where: { shop } });
    expect(event.status).toBe("failed");
    expect(event.error).toMatch(/admin_graphql_api_id/);

    const page = await dashboard.loader({ request: await adminRequest(shop, "/app"), params: {}, context: {} });
    const data = (await page.json()) as { queue: { failed: number; deadLettered: number }; failed: { id: string; topic: string; error: string }[] };
    expect(data.queue).toMatchObject({ failed: 1, deadLettered: 1 });
    expect(data.failed).toEqual([expect.objectContaining({ id: job!.id, topic: "customers/create", error: expect.stringMatching(/admin_graphql_api_id/) })]);

    // Retry from the Dashboard: the job runs again (and, the cause unfixed, fails again), audited.
    const form = new URLSearchParams({ intent: "retry", jobId: job!.id });
    const retried = await callAction(dashboard.action, await adminRequest(shop, "/app?index", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } }));
    expect(retried.status).toBe(200);
    await waitFor("the retried job to run", async () => {
      const [row] = await prisma.$queryRaw<{ retry_count: number; state: string }[]>`SELECT retry_count, state::text AS state FROM pgboss.job WHERE id = ${job!.id}::uuid`;
      return row!.state === "failed" && row!.retry_count > Number(process.env.JOB_RETRY_LIMIT);
    });
    expect(await prisma.auditLog.count({ where: { shop, event: "queue.job_retried", entity: job!.id, actor: "user", actorId: "42" } })).toBe(1);
  });
});
