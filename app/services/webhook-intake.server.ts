import { withPgTransaction } from "../db.server";
import { QUEUES, pgExecutor, queue } from "../queue.server";
import { insertWebhookEvents, type IncomingWebhook } from "../models/webhook-event.server";
import { createMicroBatch } from "../lib/micro-batch";

export type IntakeResult = { stored: true; eventId: string } | { stored: false };

/**
 * Stores verified deliveries once and enqueues their processing in the same transaction: either a
 * delivery's row and job both exist or neither does, and Shopify's retry then finds the duplicate.
 * Deliveries arriving together share one transaction (group commit); each request is answered
 * only after its transaction commits.
 */
async function storeBatch(ws: IncomingWebhook[]): Promise<IntakeResult[]> {
  const boss = await queue();
  const ids = await withPgTransaction(async (client) => {
    const ids = await insertWebhookEvents(client, ws);
    const jobs = ids.flatMap((id, i) => (id ? [{ data: { eventId: id, shop: ws[i]!.shop, topic: ws[i]!.topic } }] : []));
    if (jobs.length) await boss.insert(QUEUES.webhooks, jobs, { db: pgExecutor(client) });
    return ids;
  });
  return ids.map((id) => (id ? { stored: true, eventId: id } : { stored: false }));
}

type Settled = PromiseSettledResult<IntakeResult>;

/** One bad delivery must not fail the others that shared its batch: retry them one by one. */
async function storeBatchIsolated(ws: IncomingWebhook[]): Promise<Settled[]> {
  try {
    return (await storeBatch(ws)).map((value) => ({ status: "fulfilled", value }));
  } catch (error) {
    if (ws.length === 1) return [{ status: "rejected", reason: error }];
    return Promise.allSettled(ws.map(async (w) => (await storeBatch([w]))[0]!));
  }
}

const batch = createMicroBatch(storeBatchIsolated, { maxItems: 200, maxWaitMs: 2 });

export async function intakeWebhook(w: IncomingWebhook): Promise<IntakeResult> {
  const settled = await batch.add(w);
  // A failure becomes this request's 500, and Shopify retries the delivery.
  if (settled.status === "rejected") throw settled.reason;
  return settled.value;
}
