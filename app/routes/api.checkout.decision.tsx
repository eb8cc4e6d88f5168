import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { checkoutDecision, checkoutDecisionBodySchema } from "../services/checkout-decision.server";

// POST /api/checkout/decision: the Checkout UI extension asks whether to show an incentive.
// Authenticated by the checkout session token (Authorization: Bearer, HS256 with the app secret);
// the shop is the token's `dest`, never a request parameter. Any buyer can call this with a token
// for their own checkout, so it answers only with what the surface shows (CheckoutOffer).

/** A cart of 250 lines is about 60 KB of JSON; anything larger is not a checkout. */
const MAX_BODY_BYTES = 128 * 1024;

type Cors = Awaited<ReturnType<typeof authenticate.public.checkout>>["cors"];

/**
 * The library answers the OPTIONS preflight (204 with CORS headers) and refuses bots (410) and bad or
 * expired tokens (401). Its 401 carries no CORS headers, so the extension's worker (another origin)
 * would see a network error instead of a status it can act on (fetch a fresh token): add them.
 */
async function authenticateCheckout(request: Request) {
  try {
    return await authenticate.public.checkout(request);
  } catch (error) {
    if (error instanceof Response && error.status >= 400 && request.headers.get("Origin")) {
      error.headers.set("Access-Control-Allow-Origin", "*");
    }
    throw error;
  }
}

/** Checkout tokens carry `dest` as a bare domain; admin tokens as https://domain. */
function shopFromDest(dest: unknown): string | null {
  if (typeof dest !== "string" || dest.length === 0) return null;
  try {
    const host = new URL(dest.includes("://") ? dest : `https://${dest}`).hostname;
    return /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/i.test(host) ? host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Reads at most `limit` bytes of JSON: a chunked body has no Content-Length to check first. */
async function readJson(request: Request, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string }> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limit) return { ok: false, status: 413, error: `body over ${limit} bytes` };
  if (!request.body) return { ok: false, status: 400, error: "empty body" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, status: 413, error: `body over ${limit} bytes` };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400, error: "body is not JSON" };
  }
}

const ms = (from: number, to: number) => (to - from).toFixed(2);

function problem(cors: Cors, status: number, error: string, issues?: string[]) {
  return cors(json({ error, ...(issues ? { issues } : {}) }, { status, headers: { "Cache-Control": "no-store" } }));
}

/** OPTIONS (the CORS preflight) reaches a resource route's loader; the library answers it. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { cors } = await authenticateCheckout(request);
  return problem(cors, 405, "use POST");
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const t0 = performance.now();
  const { sessionToken, cors } = await authenticateCheckout(request);
  const t1 = performance.now();
  if (request.method !== "POST") return problem(cors, 405, "use POST");
  const shop = shopFromDest(sessionToken.dest);
  if (!shop) throw cors(new Response(undefined, { status: 401, statusText: "Unauthorized" }));

  const raw = await readJson(request, MAX_BODY_BYTES);
  if (!raw.ok) return problem(cors, raw.status, raw.error);
  const body = checkoutDecisionBodySchema.safeParse(raw.value);
  if (!body.success) {
    return problem(cors, 400, "invalid body", body.error.issues.slice(0, 10).map((i) => `${i.path.join(".") || "body"}: ${i.message}`));
  }
  // Only the token vouches for a customer: `sub` is the buyer's GID when they are logged in.
  const sub = typeof sessionToken.sub === "string" && sessionToken.sub.startsWith("gid://shopify/Customer/") ? sessionToken.sub : null;
  const t2 = performance.now();
  let offer;
  try {
    offer = await checkoutDecision(shop, body.data, { customerGid: sub });
  } catch (error) {
    // The extension renders nothing on an error; the shopper's checkout goes on without an offer.
    console.error(`[checkout-decision] ${shop}: ${error instanceof Error ? error.stack : String(error)}`);
    return problem(cors, 503, "no decision available");
  }
  const t3 = performance.now();
  return cors(
    json(offer, {
      headers: {
        "Cache-Control": "no-store",
        // Durations only (no names of rules or tables): what the benchmark reads as server time.
        "Server-Timing": `auth;dur=${ms(t0, t1)}, parse;dur=${ms(t1, t2)}, decide;dur=${ms(t2, t3)}, total;dur=${ms(t0, t3)}`,
      },
    }),
  );
};
