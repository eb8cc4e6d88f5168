import { readOfferAction, type Offer, type OfferAction } from "./offer";

/** `shopify.storage` key shared by the two targets of this extension. */
export const ACCEPTED_OFFER_KEY = "uplift-accepted-offer";

export interface AcceptedOffer {
  id: string;
  action: OfferAction;
  /** The checkout the offer was accepted in, when known; guards against a stale entry. */
  checkoutToken?: string;
}

export function toAcceptedOffer(offer: Offer, checkoutToken: string | undefined): AcceptedOffer {
  const accepted: AcceptedOffer = { id: offer.id, action: offer.action };
  if (checkoutToken !== undefined) accepted.checkoutToken = checkoutToken;
  return accepted;
}

/**
 * Reads back what the checkout block stored. Storage is localStorage-backed and may hold
 * anything (an older format, a value from an abandoned checkout), so it is validated again, and
 * an entry from another checkout is ignored when both tokens are known.
 */
export function readAcceptedOffer(value: unknown, checkoutToken: string | undefined): AcceptedOffer | null {
  if (typeof value !== "object" || value === null) return null;
  const stored = value as Record<string, unknown>;
  const action = readOfferAction(stored.action);
  if (typeof stored.id !== "string" || !action) return null;
  if (typeof stored.checkoutToken === "string" && checkoutToken !== undefined && stored.checkoutToken !== checkoutToken) {
    return null;
  }
  return { id: stored.id, action };
}
