import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticateCheckout, ms, problem, readJson, shopFromDest, tokenCustomer, zodIssues } from "../lib/checkout-http.server";
import { checkoutDecision, checkoutDecisionBodySchema } from "../services/checkout-decision.server";

// POST /api/checkout/decision: the decision alone, without a signed token (what the benchmark and
// read-only surfaces use). The Checkout UI extension calls /api/checkout/offer. Authenticated by the
// checkout session token; the shop is the token's `dest`, never a request parameter.

/** A cart of 250 lines is about 60 KB of JSON; anything larger is not a checkout. */
const MAX_BODY_BYTES = 128 * 1024;

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
  if (!body.success) return problem(cors, 400, "invalid body", { issues: zodIssues(body.error.issues) });
  const t2 = performance.now();
  let offer;
  try {
    offer = await checkoutDecision(shop, body.data, { customerGid: tokenCustomer(sessionToken.sub) });
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
