import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// Shopify's sample payloads and HMAC vectors live in the shared research folder, which a developer's
// clone may not have: only tests read them, and those tests skip when the folder is absent.
export const REFERENCE_DIR = process.env.SHOPIFY_WEBHOOK_REFERENCE_DIR ?? "/work/shared/reference/shopify/webhooks";
export const hasReference = existsSync(path.join(REFERENCE_DIR, "manifest.json"));

export function referenceBytes(file: string): Buffer {
  return readFileSync(path.join(REFERENCE_DIR, file));
}

export function referenceJson<T = unknown>(file: string): T {
  return JSON.parse(referenceBytes(file).toString("utf8")) as T;
}
