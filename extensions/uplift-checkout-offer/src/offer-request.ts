import type { CartDiscountCode, CartLine, Money } from "@shopify/ui-extensions/checkout";
import { readOfferResponse, type Offer } from "./offer";

/** Past this the buyer is better served by no offer than by a late one (App Store: < 1 s). */
export const OFFER_TIMEOUT_MS = 800;
export const OFFER_PATH = "/api/checkout/offer";

export interface OfferRequestBody {
  checkoutToken?: string;
  currencyCode: string;
  country?: string;
  lines: {
    merchandise: { id: string; product: { id: string } };
    quantity: number;
    cost: { totalAmount: Money };
  }[];
  discountCodes: { code: string }[];
}

export interface CheckoutSnapshot {
  checkoutToken: string | undefined;
  currencyCode: string;
  countryCode: string | undefined;
  lines: readonly CartLine[];
  discountCodes: readonly CartDiscountCode[];
}

/** Only what the server needs to decide; undefined fields are left out. */
export function buildOfferRequest(snapshot: CheckoutSnapshot): OfferRequestBody {
  const body: OfferRequestBody = {
    currencyCode: snapshot.currencyCode,
    lines: snapshot.lines.map((line) => ({
      merchandise: { id: line.merchandise.id, product: { id: line.merchandise.product.id } },
      quantity: line.quantity,
      cost: { totalAmount: line.cost.totalAmount },
    })),
    discountCodes: snapshot.discountCodes.map((d) => ({ code: d.code })),
  };
  if (snapshot.checkoutToken !== undefined) body.checkoutToken = snapshot.checkoutToken;
  if (snapshot.countryCode !== undefined) body.country = snapshot.countryCode;
  return body;
}

export interface OfferRequest {
  apiUrl: string;
  /** `shopify.sessionToken.get`: called before every request, tokens live 5 minutes. */
  getSessionToken: () => Promise<string>;
  body: OfferRequestBody;
  timeoutMs?: number;
}

/**
 * Asks the backend for an offer. Never throws and never waits longer than `timeoutMs` in total
 * (token, request and body): a timeout, a network error, a non-2xx answer or a malformed body
 * all yield `null`, and the checkout is left untouched.
 */
export async function requestOffer(request: OfferRequest): Promise<Offer | null> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(null);
    }, request.timeoutMs ?? OFFER_TIMEOUT_MS);
  });
  try {
    // The losing attempt may still reject after the timeout (AbortError): swallow it here so it
    // never surfaces as an unhandled rejection in the worker.
    const attempt = fetchOffer(request, controller.signal).catch(() => null);
    return await Promise.race([attempt, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchOffer(request: OfferRequest, signal: AbortSignal): Promise<Offer | null> {
  const token = await request.getSessionToken();
  const response = await fetch(request.apiUrl + OFFER_PATH, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(request.body),
    signal,
  });
  if (!response.ok) return null;
  return readOfferResponse(await response.json(), request.body.currencyCode);
}
