import prisma from "../db.server";
import { QUEUES, queue, txExecutor } from "../queue.server";
import { countDuplicate, insertWebhookEvent, type IncomingWebhook } from "../models/webhook-event.server";

export type IntakeResult = { stored: true; eventId: string } | { stored: false };

/**
 * Stores a verified delivery once and enqueues its processing in the same transaction: either both
 * exist or neither does, and Shopify's retry finds the duplicate and stops there.
 */
export async function intakeWebhook(w: IncomingWebhook): Promise<IntakeResult> {
  const boss = await queue();
  const id = await prisma.$transaction(async (tx) => {
    const inserted = await insertWebhookEvent(tx, w);
    if (inserted) {
      await boss.send(QUEUES.webhooks, { eventId: inserted, shop: w.shop, topic: w.topic }, { db: txExecutor(tx) });
    }
    return inserted;
  });
  if (!id) {
    await countDuplicate(w);
    return { stored: false };
  }
  return { stored: true, eventId: id };
}
