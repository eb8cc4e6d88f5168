import type { PgBoss } from "pg-boss";
import { installedShops } from "../models/shop.server";
import { QUEUES } from "../queue.server";
import { evaluateCustomerAudiences, shopsWithAudiences, sweepAudiences } from "../services/audiences.server";
import { variantMarginLookup, type MarginLookup } from "../services/audiences-margins.server";
import { enqueueAudienceSync, type AudienceEvaluateJob, type AudienceSweepJob, type AudienceSyncJob } from "../services/audiences-queue.server";
import { runAudienceSync } from "../services/audiences-sync.server";
import { unauthenticated } from "../shopify.server";

// Dynamic audiences in the worker: evaluate a customer after new behaviour, sync staged list changes
// to the CRM, and sweep every shop daily for members whose window has passed. Variant costs (for
// high-margin rules) are read through the shop's offline Admin session, only when a rule needs them.

function marginsFor(shop: string): MarginLookup {
  let lookup: MarginLookup | undefined;
  return async (ids) => {
    lookup ??= variantMarginLookup(shop, (await unauthenticated.admin(shop)).admin.graphql);
    return lookup(ids);
  };
}

export async function runAudienceEvaluation({ shop, customerGid }: AudienceEvaluateJob, now = new Date()) {
  return evaluateCustomerAudiences(shop, customerGid, now, marginsFor(shop));
}

/** A CRM that says "slow down" gets the rest later, as a delayed job; an outage throws and is retried. */
export async function runAudienceSyncJob({ shop, provider }: AudienceSyncJob, options: { minIntervalMs?: number } = {}) {
  const run = await runAudienceSync(shop, provider, options);
  if (run.retryAfterMs !== null) await enqueueAudienceSync(shop, provider, Math.max(1, Math.ceil(run.retryAfterMs / 1000)));
  return run;
}

export async function runAudienceSweep(shop: string, now = new Date()) {
  return sweepAudiences(shop, now, marginsFor(shop));
}

export async function registerAudienceJobs(boss: PgBoss) {
  await boss.work<AudienceEvaluateJob>(QUEUES.audienceEvaluate, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runAudienceEvaluation(job.data);
  });
  await boss.work<AudienceSyncJob>(QUEUES.audienceSync, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runAudienceSyncJob(job.data);
  });
  await boss.work<AudienceSweepJob>(QUEUES.audienceSweep, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
    if (!job) return;
    if (job.data?.shop) {
      await runAudienceSweep(job.data.shop);
      return;
    }
    for (const shop of await shopsWithAudiences(await installedShops())) await boss.send(QUEUES.audienceSweep, { shop } satisfies AudienceSweepJob, { singletonKey: shop });
  });
  // Just after midnight UTC: windows are counted in UTC days.
  await boss.schedule(QUEUES.audienceSweep, "10 0 * * *");
}
