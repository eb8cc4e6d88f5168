import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readJson, zodIssues } from "../lib/checkout-http.server";
import { RateLimiter } from "../lib/rate-limit";
import { pixelEventSchema, recordPixelEvent, verifyPixelShop } from "../services/audiences-pixel.server";

// POST /api/pixel: storefront behaviour from the Uplift web pixel (dynamic audiences). Public and
// unauthenticated by design: a web pixel has no session token. Every event is untrusted input —
// anyone can send one for any customer id — so the shop must carry the signature the app put in the
// pixel's settings (a forged shop gets 401), unknown customers are not counted, and the worst a
// forger can do is move that shop's customers in or out of a CRM list: counts never reach money.
// See app/services/audiences-pixel.server.ts.

/** One event is ~300 bytes of JSON. */
const MAX_BODY_BYTES = 2 * 1024;
// Per process. The per-IP key is the first X-Forwarded-For hop, which a client can set: it keeps
// one noisy browser in check, while the per-shop bucket and the daily count cap are the hard bounds.
const perIp = new RateLimiter({ capacity: 120, refillPerSecond: 2 });
const perShop = new RateLimiter({ capacity: 5000, refillPerSecond: 500 });

// The pixel runs in a sandboxed worker on Shopify's origin and sends text/plain (no preflight);
// OPTIONS is still answered for clients that ask. No credentials, so any origin may post.
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "86400" };

function reply(status: number, body?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const init = { status, headers: { ...CORS, "Cache-Control": "no-store", ...headers } };
  return body ? json(body, init) : new Response(null, init);
}

const clientIp = (request: Request) => request.headers.get("X-Forwarded-For")?.split(",")[0]?.trim() || "direct";
const tooMany = (retryAfterMs: number) => reply(429, { error: "too many requests" }, { "Retry-After": String(Math.ceil(retryAfterMs / 1000)) });

export const loader = async ({ request }: LoaderFunctionArgs) => (request.method === "OPTIONS" ? reply(204) : reply(405, { error: "use POST" }));

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method === "OPTIONS") return reply(204);
  if (request.method !== "POST") return reply(405, { error: "use POST" });
  const now = Date.now();
  const ipTurn = perIp.take(clientIp(request), now);
  if (!ipTurn.ok) return tooMany(ipTurn.retryAfterMs);

  const raw = await readJson(request, MAX_BODY_BYTES);
  if (!raw.ok) return reply(raw.status, { error: raw.error });
  const event = pixelEventSchema.safeParse(raw.value);
  if (!event.success) return reply(400, { error: "invalid body", issues: zodIssues(event.error.issues) });
  if (!verifyPixelShop(event.data.shop, event.data.keyId, event.data.signature)) return reply(401, { error: "unknown shop signature" });
  const shopTurn = perShop.take(event.data.shop, now);
  if (!shopTurn.ok) return tooMany(shopTurn.retryAfterMs);

  try {
    await recordPixelEvent(event.data.shop, event.data, new Date(now));
  } catch (error) {
    console.error(`[pixel] ${event.data.shop}: ${error instanceof Error ? error.stack : String(error)}`);
    return reply(503, { error: "not recorded" });
  }
  // The same answer whether or not the customer was counted: the pixel cannot learn who exists.
  return reply(204);
};
