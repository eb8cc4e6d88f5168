import { scoreShop, type Actor, type ScoreShopResult } from "./customer-intelligence.server";
import { stageScoreSyncs } from "./crm-sync.server";
import { draftNbaReasoning } from "./nba-reasoning.server";

// What follows a scoring run, in order: reasoning drafts (restored from earlier runs, and new ones
// when a model is configured), then the outbox for the Shopify write-back and connected CRMs, so
// they receive the drafted text.

export async function afterScoring(shop: string, now: Date, options: { draftLimit?: number } = {}) {
  const drafts = await draftNbaReasoning(shop, now, options.draftLimit === undefined ? {} : { limit: options.draftLimit });
  const staged = await stageScoreSyncs(shop);
  return { drafts, staged };
}

/**
 * The Customers page's "Rescore now": scores in the request (the page shows the result at once),
 * restores earlier drafts without calling a model, and queues the syncs. New drafts wait for the
 * nightly run, which has the time budget for model calls.
 */
export async function rescoreNow(shop: string, by: Actor): Promise<ScoreShopResult> {
  const now = new Date();
  const result = await scoreShop(shop, now, by);
  await afterScoring(shop, now, { draftLimit: 0 });
  return result;
}
