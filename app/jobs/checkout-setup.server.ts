import type { PgBoss } from "pg-boss";
import { env } from "../env.server";
import { QUEUES } from "../queue.server";
import { ensureCheckoutSetup } from "../services/checkout-setup.server";
import { unauthenticated } from "../shopify.server";

export type CheckoutSetupJob = { shop: string };

/**
 * Install and resync run here, not in the request that caused them: OAuth must redirect at once,
 * and a guardrail save must not wait on five Admin API calls. A Shopify outage fails the job,
 * which pg-boss retries with backoff; a part Shopify refuses (a userError) is reported on the
 * Settings page instead, since retrying cannot fix it.
 */
export async function registerCheckoutSetup(boss: PgBoss) {
  await boss.work<CheckoutSetupJob>(QUEUES.checkoutSetup, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const { admin } = await unauthenticated.admin(job.data.shop);
    const report = await ensureCheckoutSetup(job.data.shop, admin.graphql, env.SHOPIFY_APP_URL);
    if (report.error) throw new Error(report.error);
  });
}
