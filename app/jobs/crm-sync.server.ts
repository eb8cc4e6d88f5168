import type { PgBoss } from "pg-boss";
import { QUEUES } from "../queue.server";
import { enqueueCrmSync, runCrmSync, type CrmSyncJob } from "../services/crm-sync.server";
import { shopifyWriteBackAdapter } from "../integrations/shopify-customer-writeback.server";
import { unauthenticated } from "../shopify.server";

/**
 * A CRM that says "slow down" gets the rest of the batch later, as a delayed job, not a held worker;
 * a CRM that is down fails the job, which pg-boss retries with backoff; a refusal a retry cannot
 * fix (bad credentials) stops, is audited, and shows on the Settings page.
 */
export async function registerCrmSync(boss: PgBoss) {
  await boss.work<CrmSyncJob>(QUEUES.crmSync, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const { shop, provider } = job.data;
    // The Shopify write-back speaks through the shop's offline Admin session; CRMs through their own credentials.
    const adapter = provider === "shopify" ? shopifyWriteBackAdapter((await unauthenticated.admin(shop)).admin.graphql) : undefined;
    const run = await runCrmSync(shop, provider, adapter ? { adapter } : {});
    if (run.retryAfterMs !== null) await enqueueCrmSync(job.data.shop, job.data.provider, Math.max(1, Math.ceil(run.retryAfterMs / 1000)));
  });
}
