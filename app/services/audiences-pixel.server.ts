import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import prisma from "../db.server";
import { behaviorKey, utcDayStart } from "../engine/audiences";
import { env } from "../env.server";
import { audienceSettings } from "./audiences-settings.server";
import { enqueueAudienceEvaluation } from "./audiences-queue.server";

// Storefront behaviour from the Uplift web pixel (extensions/uplift-pixel), for dynamic audiences.
//
// Pixel events are untrusted input. The pixel's settings are public (they ship to every storefront
// visitor), so anyone can post events for any customer id of a shop whose settings they copied. The
// shop signature below only stops a forged *shop*: a shop name we did not sign is refused, so nobody
// can write counts under a shop they have never seen. What a forger can do is bounded: raise
// behaviour counts for that shop's existing customers (unknown customer ids are dropped), which can
// put a customer in or out of a CRM list. Counts never touch money: no discount, offer, price or
// order depends on them. Rate limits per shop and per IP (the route) bound the volume.

/** Version of the key that signs pixel settings; a new version lets keys rotate without downtime. */
export const PIXEL_KEY_ID = "v1";
const KNOWN_KEY_IDS = new Set([PIXEL_KEY_ID]);

function pixelKey(keyId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", env.SHOPIFY_API_SECRET, "uplift", `web-pixel:${keyId}`, 32));
}

export function pixelSignature(shop: string, keyId = PIXEL_KEY_ID): string {
  return createHmac("sha256", pixelKey(keyId)).update(`${keyId}\n${shop}`).digest("base64url");
}

/** The settings the app gives the shop's web pixel at install (webPixelCreate / webPixelUpdate). */
export type PixelSettings = { apiUrl: string; shop: string; keyId: string; signature: string };

export function pixelSettings(shop: string, appUrl: string): PixelSettings {
  return { apiUrl: appUrl.replace(/\/+$/, ""), shop, keyId: PIXEL_KEY_ID, signature: pixelSignature(shop) };
}

export function verifyPixelShop(shop: string, keyId: string, signature: string): boolean {
  if (!KNOWN_KEY_IDS.has(keyId)) return false;
  const expected = Buffer.from(pixelSignature(shop, keyId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Ids arrive as the pixel API gives them (numeric strings) or as GIDs; we store GIDs.
const idOf = (type: string) =>
  z
    .string()
    .max(80)
    .transform((value, ctx) => {
      const m = new RegExp(`^(?:gid://shopify/${type}/)?(\\d{1,20})$`).exec(value);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `not a ${type} id` });
        return z.NEVER;
      }
      return `gid://shopify/${type}/${m[1]}`;
    });

const signed = {
  v: z.literal(1),
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "a myshopify.com domain"),
  keyId: z.string().min(1).max(16),
  signature: z.string().min(1).max(128),
  customerId: idOf("Customer"),
};

// Strict objects: the pixel sends ids only, so a body carrying anything else (an email, a name) is
// refused rather than quietly stripped.
export const pixelEventSchema = z.discriminatedUnion("event", [
  z.object({ ...signed, event: z.literal("collection_viewed"), collectionId: idOf("Collection") }).strict(),
  z.object({ ...signed, event: z.literal("product_viewed"), productId: idOf("Product") }).strict(),
  z.object({ ...signed, event: z.literal("product_added_to_cart"), productId: idOf("Product").optional(), variantId: idOf("ProductVariant") }).strict(),
]);
export type PixelEvent = z.infer<typeof pixelEventSchema>;

/** Hard cap per customer, key and day: a flood that gets past the rate limits still stops here. */
const MAX_DAILY_COUNT = 10_000;

function keyOf(event: PixelEvent): string {
  switch (event.event) {
    case "collection_viewed":
      return behaviorKey(event.event, event.collectionId);
    case "product_viewed":
      return behaviorKey(event.event, event.productId);
    case "product_added_to_cart":
      return behaviorKey(event.event, event.variantId);
  }
}

/**
 * Adds one to the customer's count for this event today (UTC, by our clock: the event's own time is
 * the client's word). Customers the shop does not have (or whose data was erased) are not counted.
 * When the shop has audiences, the customer's membership is re-evaluated by a job.
 */
export async function recordPixelEvent(shop: string, event: PixelEvent, now = new Date()): Promise<{ counted: boolean }> {
  const day = utcDayStart(now).toISOString().slice(0, 10);
  const key = keyOf(event);
  const counted = await prisma.$executeRaw`
    INSERT INTO "BehaviorCount" (shop, "customerGid", key, day, count)
    SELECT ${shop}, ${event.customerId}, ${key}, ${day}::date, 1
    WHERE EXISTS (SELECT 1 FROM "Customer" c WHERE c.shop = ${shop} AND c."shopifyGid" = ${event.customerId} AND c."redactedAt" IS NULL)
    ON CONFLICT (shop, "customerGid", key, day) DO UPDATE SET count = LEAST("BehaviorCount".count + 1, ${MAX_DAILY_COUNT})`;
  if (counted === 0) return { counted: false };
  const { doc } = await audienceSettings(shop);
  if (doc.audiences.some((a) => a.enabled)) await enqueueAudienceEvaluation(shop, event.customerId);
  return { counted: true };
}
