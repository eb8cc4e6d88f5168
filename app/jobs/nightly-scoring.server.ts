import type { PgBoss } from "pg-boss";
import { QUEUES } from "../queue.server";
import { installedShops } from "../models/shop.server";
import { scoreShop } from "../services/customer-intelligence.server";
import { afterScoring } from "../services/score-followups.server";
import { entitlementsConfigured, syncEntitlements } from "../services/entitlements.server";
import { unauthenticated } from "../shopify.server";

export type ScoreShopJob = { shop: string };

/**
 * The nightly refit: the schedule fans out one job per installed shop, so one shop's failure
 * retries alone and a big shop does not hold up the others.
 */
export async function registerNightlyScoring(boss: PgBoss) {
  await boss.work(QUEUES.scoreShops, { batchSize: 1, pollingIntervalSeconds: 2 }, async () => {
    for (const shop of await installedShops()) await boss.send(QUEUES.scoreShop, { shop } satisfies ScoreShopJob, { singletonKey: shop });
  });
  await boss.work<ScoreShopJob>(QUEUES.scoreShop, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { shop } = job.data;
    const now = new Date();
    await scoreShop(shop, now);
    // Reasoning drafts, then the outbox: Shopify metafields and tags, and any connected CRM.
    await afterScoring(shop, now);
    // Tiers just changed: tier offers follow, for shops that give them.
    if (await entitlementsConfigured(shop)) {
      const { admin } = await unauthenticated.admin(shop);
      await syncEntitlements(shop, admin.graphql, new Date());
    }
  });
  await boss.schedule(QUEUES.scoreShops, "15 3 * * *");
}
