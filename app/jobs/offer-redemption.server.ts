import type { PgBoss } from "pg-boss";
import { QUEUES } from "../queue.server";
import { redeemOrderOffer, type OfferRedemptionJob } from "../services/offer-redemption.server";
import { unauthenticated } from "../shopify.server";

/** A Shopify outage throws, and pg-boss retries; a checked order is never checked twice. */
export async function registerOfferRedemption(boss: PgBoss) {
  await boss.work<OfferRedemptionJob>(QUEUES.offerRedemption, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const { admin } = await unauthenticated.admin(job.data.shop);
    await redeemOrderOffer(job.data.shop, job.data.orderGid, admin.graphql);
  });
}
