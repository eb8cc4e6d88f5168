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
    await registerWorkers(await queue(), { concurrency: 1 });
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("is scheduled, and fans out one scoring job per installed shop", async () => {
    const schedules = await prisma.$queryRaw<{ name: string; cron: string }[]>`SELECT name, cron FROM pgboss.schedule WHERE name = ${QUEUES.scoreShops}`;
    expect(schedules).toEqual([{ name: QUEUES.scoreShops, cron: "15 3 * * *" }]);
    // What the schedule does at 03:15, now.
    await (await queue()).send(QUEUES.scoreShops, {});
    await waitFor("the installed shop to be scored", async () => (await prisma.modelRun.count({ where: { shop: installed } })) === 1);
    expect(await prisma.modelRun.count({ where: { shop: uninstalled } })).toBe(0);
    const jobs = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${QUEUES.scoreShop} AND data->>'shop' = ${uninstalled}`;
    expect(Number(jobs[0]!.n)).toBe(0);
  });
});
