import type { CrmProvider } from "../integrations/crm/types";
import { queue, QUEUES } from "../queue.server";

// The audience jobs' payloads and how they are queued. Both queues are "stately": per singleton
// key, one job waits and one runs, so a burst of events or staged changes collapses into one run
// that sees all of them.

export type AudienceEvaluateJob = { shop: string; customerGid: string };
export type AudienceSyncJob = { shop: string; provider: CrmProvider };
/** Without a shop: the daily schedule, which queues one sweep per shop. */
export type AudienceSweepJob = { shop?: string };

export async function enqueueAudienceEvaluation(shop: string, customerGid: string) {
  const boss = await queue();
  await boss.send(QUEUES.audienceEvaluate, { shop, customerGid } satisfies AudienceEvaluateJob, { singletonKey: `${shop}:${customerGid}` });
}

export async function enqueueAudienceSync(shop: string, provider: CrmProvider, startAfterSeconds?: number) {
  const boss = await queue();
  await boss.send(QUEUES.audienceSync, { shop, provider } satisfies AudienceSyncJob, {
    singletonKey: `${shop}:${provider}`,
    ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
  });
}
