import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const SAMPLES_DIR = resolve(__dirname, "../../../shared/reference/shopify/webhooks");

/** The 12 topics Shopify publishes samples for, with the raw bytes of each sample. */
export function sampleBodies(): { topic: string; body: string }[] {
  const manifest = JSON.parse(readFileSync(resolve(SAMPLES_DIR, "manifest.json"), "utf8")) as {
    topics: Record<string, { file: string }>;
  };
  return Object.entries(manifest.topics).map(([topic, { file }]) => ({
    topic,
    body: readFileSync(resolve(SAMPLES_DIR, file), "utf8"),
  }));
}

export function hmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export type WebhookRequestOptions = {
  topic: string;
  shop: string;
  body: string;
  secret?: string;
  eventId?: string | null;
  webhookId?: string;
  signature?: string | null;
};

/** A delivery as Shopify makes it: the headers of headers.json, HMAC over the raw body. */
export function webhookRequest(o: WebhookRequestOptions): Request {
  const secret = o.secret ?? process.env.SHOPIFY_API_SECRET!;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": o.topic,
    "X-Shopify-Shop-Domain": o.shop,
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Webhook-Id": o.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
  if (o.eventId !== null) headers["X-Shopify-Event-Id"] = o.eventId ?? randomUUID();
  const signature = o.signature === undefined ? hmac(o.body, secret) : o.signature;
  if (signature !== null) headers["X-Shopify-Hmac-Sha256"] = signature;
  return new Request(`${process.env.SHOPIFY_APP_URL}/webhooks/${o.topic}`, { method: "POST", headers, body: o.body });
}
