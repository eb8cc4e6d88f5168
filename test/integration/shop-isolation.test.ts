import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, installShop } from "../support/admin-request";
import { callAction, webhookRoute } from "../support/routes";
import { sampleBodies, webhookRequest } from "../support/webhook-request";
import { drainWebhookQueue } from "../support/queue";
import prisma from "../../app/db.server";
import { QUEUES, queue, stopQueue } from "../../app/queue.server";
import { recordAudit } from "../../app/models/audit.server";

// Every admin page's loader, found on disk, so a page added later is covered without editing this.
const ROUTES_DIR = resolve(__dirname, "../../app/routes");
const adminRoutes = readdirSync(ROUTES_DIR).filter((f) => /^app(\.|$)/.test(f) && f.endsWith(".tsx"));

const shops = {
  a: `alpha-${randomUUID().slice(0, 6)}.myshopify.com`,
  b: `bravo-${randomUUID().slice(0, 6)}.myshopify.com`,
};
const marker = (s: keyof typeof shops) => `marker-${s}-${shops[s].slice(6, 12)}`;

async function seed(which: keyof typeof shops) {
  const shop = shops[which];
  await installShop(shop);
  const body = sampleBodies()
    .find((s) => s.topic === "customers/create")!
    .body.replace("bob@biller.com", `${marker(which)}@example.com`)
    .replaceAll("706405506930370084", which === "a" ? "1001" : "2002");
  const res = await callAction(await webhookRoute("customers/create"), webhookRequest({ topic: "customers/create", shop, body }));
  expect(res.status).toBe(200);
  await recordAudit(prisma, { shop, event: "queue.job_retried", actor: "system", entity: marker(which) });
  await drainWebhookQueue();
  // A failed job with this shop's marker, for the dashboard's failed-jobs list.
  const boss = await queue();
  const id = await boss.send(QUEUES.webhooks, { shop, topic: marker(which), eventId: randomUUID() }, { retryLimit: 0 });
  const [job] = await boss.fetch(QUEUES.webhooks, { batchSize: 1 });
  expect(job?.id).toBe(id);
  await boss.fail(QUEUES.webhooks, id!, { message: marker(which) });
}

describe("two shops never see each other's data", () => {
  beforeAll(async () => {
    await drainWebhookQueue();
    await seed("a");
    await seed("b");
    await drainWebhookQueue();
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("finds the admin pages", () => {
    expect(adminRoutes).toEqual(expect.arrayContaining(["app._index.tsx", "app.audit._index.tsx", "app.customers.tsx", "app.settings.tsx"]));
  });

  it.each(adminRoutes)("%s loader answers shop A with A's data only", async (file) => {
    const mod = (await import(resolve(ROUTES_DIR, file))) as { loader?: (args: LoaderFunctionArgs) => Promise<Response> };
    if (!mod.loader) return;
    // A page for one record (app.approvals.$id) is looked up within the shop: tested where the
    // record exists (approvals, audit tests); here an unknown id must be a 404, not another shop's row.
    if (file.includes("$")) {
      const path = `/app/${file.replace(/^app\./, "").replace(/\.tsx$/, "").replace(/\$\w+/, randomUUID()).replace(/\./g, "/")}`;
      const thrown = await mod.loader({ request: await adminRequest(shops.a, path), params: { id: randomUUID() }, context: {} }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
      return;
    }
    for (const [me, other] of [["a", "b"], ["b", "a"]] as const) {
      const path = file === "app.tsx" || file === "app._index.tsx" ? "/app" : `/app/${file.replace(/^app\./, "").replace(/(\._index)?\.tsx$/, "").replace(/\./g, "/")}`;
      const res = await mod.loader({ request: await adminRequest(shops[me], path), params: {}, context: {} });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(marker(other));
      expect(text).not.toContain(shops[other]);
      if (file === "app._index.tsx") expect(text).toContain(marker(me)); // its own failed job shows
      if (file === "app.settings.tsx") expect(text).toContain(shops[me]); // read from the Admin API
    }
  });

  it("the dashboard counts each shop's own events", async () => {
    const mod = await import(resolve(ROUTES_DIR, "app._index.tsx"));
    const res = await mod.loader({ request: await adminRequest(shops.a, "/app"), params: {}, context: {} });
    const data = (await res.json()) as { topics: { topic: string; received: number }[]; queue: { failed: number } };
    expect(data.topics).toEqual([expect.objectContaining({ topic: "customers/create", received: 1 })]);
    expect(data.queue.failed).toBe(1);
  });

  it("a retry of another shop's failed job is refused", async () => {
    const [jobB] = await prisma.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM pgboss.job WHERE name = ${QUEUES.webhooks} AND state = 'failed' AND data->>'shop' = ${shops.b}`;
    const mod = await import(resolve(ROUTES_DIR, "app._index.tsx"));
    const form = new URLSearchParams({ intent: "retry", jobId: jobB!.id });
    const request = await adminRequest(shops.a, "/app?index", {
      method: "POST",
      body: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const res = await callAction(mod.action, request);
    expect(res.status).toBe(404);
    const [after] = await prisma.$queryRaw<{ state: string }[]>`SELECT state::text AS state FROM pgboss.job WHERE id = ${jobB!.id}::uuid`;
    expect(after!.state).toBe("failed");
  });
});
