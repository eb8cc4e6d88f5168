/**
 * The offer the app's backend returns, validated by hand (no zod: bundle size). The extension
 * never builds or checks the signed token (docs/decisions/0005-offer-token.md); it only passes
 * the server's object through to the cart metafield.
 */
export type OfferAction =
  | { type: "percentage_discount"; percent: number }
  | { type: "fixed_discount"; amount: { amount: string; currencyCode: string } }
  | { type: "free_shipping" };

export interface Offer {
  id: string;
  action: OfferAction;
  expiresAt: string;
  token: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Returns a fresh action holding only the known fields, or `null` when the value does not match
 * one of the three shapes. Also used on data read back from `shopify.storage`.
 */
export function readOfferAction(value: unknown): OfferAction | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case "percentage_discount": {
      const { percent } = value;
      if (typeof percent !== "number" || !Number.isFinite(percent) || percent <= 0 || percent > 100) {
        return null;
      }
      return { type: "percentage_discount", percent };
    }
    case "fixed_discount": {
      const money = value.amount;
      if (!isRecord(money)) return null;
      const { amount, currencyCode } = money;
      if (typeof amount !== "string" || !/^\d+(\.\d+)?$/.test(amount) || Number(amount) <= 0) return null;
      if (typeof currencyCode !== "string" || !/^[A-Z]{3}$/.test(currencyCode)) return null;
      return { type: "fixed_discount", amount: { amount, currencyCode } };
    }
    case "free_shipping":
      return { type: "free_shipping" };
    default:
      return null;
  }
}

/**
 * Reads the body of `POST /api/checkout/offer`: `{offer: null}` or `{offer: {…}}`. Returns `null`
 * for "no offer" and for anything malformed, which the caller treats the same way. A fixed amount
 * in another currency than the checkout's is refused: the buyer would see a price they don't pay in.
 */
export function readOfferResponse(body: unknown, checkoutCurrency: string): Offer | null {
  if (!isRecord(body) || !isRecord(body.offer)) return null;
  const { id, action, expiresAt, token } = body.offer;
  if (typeof id !== "string" || id === "") return null;
  if (typeof expiresAt !== "string" || Number.isNaN(Date.parse(expiresAt))) return null;
  if (!isRecord(token)) return null;
  const parsedAction = readOfferAction(action);
  if (!parsedAction) return null;
  if (parsedAction.type === "fixed_discount" && parsedAction.amount.currencyCode !== checkoutCurrency) {
    return null;
  }
  return { id, action: parsedAction, expiresAt, token };
}
