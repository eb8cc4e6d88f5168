import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticateCheckout, ms, problem, readJson, shopFromDest, tokenCustomer, zodIssues } from "../lib/checkout-http.server";
import { RateLimiter } from "../lib/rate-limit";
import { checkoutDecisionBodySchema } from "../services/checkout-decision.server";
import { checkoutOffer } from "../services/checkout-offer.server";

// POST /api/checkout/offer: the Checkout UI extension asks for an offer and gets it with a signed
// token to write to the cart metafield when the shopper accepts. Public: any buyer with a session
// token can call it, so the token proves its claims (shop, customer), not the request's origin.

const MAX_BODY_BYTES = 128 * 1024;
// A shop's checkouts together (per process: a flood guard above any real shop's checkout rate),
// and one buyer (customer, else checkout) alone.
const perShop = new RateLimiter({ capacity: 2000, refillPerSecond: 1000 });
const perBuyer = new RateLimiter({ capacity: 10, refillPerSecond: 0.5 });

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

  const now = Date.now();
  const shopTurn = perShop.take(shop, now);
  if (!shopTurn.ok) return problem(cors, 429, "too many requests", { headers: { "Retry-After": String(Math.ceil(shopTurn.retryAfterMs / 1000)) } });

  const raw = await readJson(request, MAX_BODY_BYTES);
  if (!raw.ok) return problem(cors, raw.status, raw.error);
  const body = checkoutDecisionBodySchema.safeParse(raw.value);
  if (!body.success) return problem(cors, 400, "invalid body", { issues: zodIssues(body.error.issues) });
  const customerGid = tokenCustomer(sessionToken.sub);
  const buyer = customerGid ?? (body.data.checkoutToken ? `checkout:${body.data.checkoutToken}` : null);
  if (buyer) {
    const turn = perBuyer.take(`${shop}/${buyer}`, now);
    if (!turn.ok) return problem(cors, 429, "too many requests", { headers: { "Retry-After": String(Math.ceil(turn.retryAfterMs / 1000)) } });
  }
  const t2 = performance.now();
  let answer;
  try {
    answer = await checkoutOffer(shop, body.data, { customerGid });
  } catch (error) {
    // The extension renders nothing on an error; the shopper's checkout goes on without an offer.
    console.error(`[checkout-offer] ${shop}: ${error instanceof Error ? error.stack : String(error)}`);
    return problem(cors, 503, "no offer available");
  }
  const t3 = performance.now();
  return cors(
    json(answer, {
      headers: { "Cache-Control": "no-store", "Server-Timing": `auth;dur=${ms(t0, t1)}, parse;dur=${ms(t1, t2)}, offer;dur=${ms(t2, t3)}, total;dur=${ms(t0, t3)}` },
    }),
  );
};
