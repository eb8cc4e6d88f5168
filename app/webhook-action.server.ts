import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "./shopify.server";
import { intakeWebhook } from "./services/webhook-intake.server";

/**
 * The whole of a webhook route: verify (the library answers 401 for a bad HMAC, 400 for missing
 * headers, 405 for non-POST, before anything is stored), record once, enqueue, answer 200. Slow
 * work happens in the worker; Shopify gives a delivery 5 seconds.
 */
export function webhookAction(expectedTopic: string) {
  return async ({ request }: ActionFunctionArgs) => {
    // authenticate.webhook consumes the body; keep the raw bytes, which the HMAC covers, to store.
    const rawBody = await request.clone().text();
    const hook = await authenticate.webhook(request);
    const topic = (request.headers.get("x-shopify-topic") ?? "").toLowerCase();
    if (topic !== expectedTopic) {
      return new Response(`This endpoint handles ${expectedTopic}, not ${topic || "an unnamed topic"}`, { status: 400 });
    }
    const triggeredAt = hook.triggeredAt ? new Date(hook.triggeredAt) : null;
    await intakeWebhook({
      shop: hook.shop,
      topic,
      webhookId: hook.webhookId,
      eventId: hook.eventId ?? null,
      apiVersion: hook.apiVersion,
      triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
      rawBody,
    });
    return new Response(null, { status: 200 });
  };
}
