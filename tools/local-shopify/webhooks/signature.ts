import { createHmac } from "node:crypto";

/**
 * X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body bytes, keyed with the app's client
 * secret. Sign the exact bytes sent; re-serialising parsed JSON changes them.
 */
export function signWebhookBody(body: string | Uint8Array, apiSecret: string): string {
  return createHmac("sha256", apiSecret).update(body).digest("base64");
}
