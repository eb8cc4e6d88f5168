import { randomUUID } from "node:crypto";
import { buildPayload, serializePayload, type TopicResources, type WebhookTopic } from "./payloads";

/** One event for one topic: what Shopify has decided to send, before any delivery attempt. */
export type Delivery = {
  shop: string; // "uplift-demo.myshopify.com"
  topic: string; // "orders/create"
  body: string; // raw JSON; the HMAC covers these exact bytes
  eventId?: string; // X-Shopify-Event-Id; shared by every delivery of one merchant action
  webhookId?: string; // X-Shopify-Webhook-Id; one per delivery, reused by its retries
  triggeredAt?: string; // X-Shopify-Triggered-At
};

export type BuildDeliveryOptions = { timeZone?: string; currency?: string; eventId?: string; triggeredAt?: string };

/** Builds the payload for `topic` from a model resource and wraps it as a delivery with a fresh event id. */
export function buildDelivery<T extends WebhookTopic>(
  topic: T,
  resource: TopicResources[T],
  shop: string,
  opts: BuildDeliveryOptions = {},
): Delivery {
  const body = serializePayload(buildPayload(topic, resource, { shop, timeZone: opts.timeZone, currency: opts.currency }));
  return {
    shop,
    topic,
    body,
    eventId: opts.eventId ?? randomUUID(),
    triggeredAt: opts.triggeredAt ?? new Date().toISOString(),
  };
}
