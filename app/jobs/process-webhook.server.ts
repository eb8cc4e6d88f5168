import prisma from "../db.server";
import { claimForProcessing, loadEvent, loadPayload, recordFailure } from "../models/webhook-event.server";
import { handlers } from "./webhooks/handlers.server";

export type WebhookJob = { eventId: string; shop: string; topic: string };

/**
 * Applies one stored webhook's effect exactly once. The "processed" mark and the effect commit in one
 * transaction: a worker killed before the commit leaves neither (the queue retries the job), and a
 * retry after the commit finds the mark and does nothing.
 */
export async function processWebhookJob(job: WebhookJob): Promise<"applied" | "skipped"> {
  try {
    return await prisma.$transaction(
      async (tx) => {
        const event = await loadEvent(tx, job.eventId);
        if (!event) return "skipped"; // erased with its shop
        if (!(await claimForProcessing(tx, event.id))) return "skipped";
        const handler = handlers[event.topic];
        if (!handler) throw new Error(`No handler for topic ${event.topic}`);
        const payload = await loadPayload(tx, event.id);
        await handler({ tx, shop: event.shop, eventRowId: event.id, payload });
        return "applied";
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  } catch (error) {
    await recordFailure(job.eventId, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
