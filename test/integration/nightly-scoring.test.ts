import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { QUEUES, queue, stopQueue } from "../../app/queue.server";
import { registerWorkers } from "../../app/jobs/run-worker.server";
import { installShop } from "../support/admin-request";
import { newShop } from "../support/decisions";

const installed = newShop("nightly-in");
const uninstalled = newShop("nightly-out");

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("the nightly refit", () => {
  beforeAll(async () => {
    await installShop(installed);
    await installShop(uninstalled);
    await prisma.shop.update({ where: { shop: uninstalled }, data: { uninstalledAt: new Date() } });
    await registerWorkers(await queue(), { concurrency: 1, only: ["scoring"] });
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("is scheduled, and fans out one scoring job per installed shop", { timeout: 150_000 }, async () => {
    const schedules = await prisma.$queryRaw<{ name: string; cron: string }[]>`SELECT name, cron FROM pgboss.schedule WHERE name = ${QUEUES.scoreShops}`;
    expect(schedules).toEqual([{ name: QUEUES.scoreShops, cron: "15 3 * * *" }]);
    // What the schedule does at 03:15, now.
    await (await queue()).send(QUEUES.scoreShops, {});
    const jobsFor = async (shop: string) =>
      Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${QUEUES.scoreShop} AND data->>'shop' = ${shop}`)[0]!.n);
    await waitFor("the fan-out to queue the installed shop", async () => (await jobsFor(installed)) === 1);
    expect(await jobsFor(uninstalled)).toBe(0);
    // The test database holds every other test's shops too, so ours may wait in line; any completed
    // scoring job shows the job does its work: that shop has a model run.
    let done: { shop: string }[] = [];
    await waitFor("a scoring job to complete", async () => {
      done = await prisma.$queryRaw<{ shop: string }[]>`SELECT data->>'shop' AS shop FROM pgboss.job WHERE name = ${QUEUES.scoreShop} AND state = 'completed' LIMIT 1`;
      return done.length > 0;
    }, 90_000);
    expect(await prisma.modelRun.count({ where: { shop: done[0]!.shop } })).toBeGreaterThan(0);
    expect(await prisma.modelRun.count({ where: { shop: uninstalled } })).toBe(0);
  });
});
