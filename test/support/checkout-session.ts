import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

// What a Checkout UI extension sends: a session token minted the way Shopify mints checkout tokens
// and cart lines shaped like `shopify.lines.value`.

export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

export type CheckoutTokenOptions = { secret?: string; expiresIn?: number; sub?: string };

/** A checkout session token: `dest` is the bare shop domain, 5 minutes, `sub` only for a logged-in buyer. */
export async function checkoutSessionToken(shop: string, o: CheckoutTokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: shop, aud: process.env.SHOPIFY_API_KEY, ...(o.sub ? { sub: o.sub } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now - 400)
    .setNotBefore(now - 400)
    .setExpirationTime(now + (o.expiresIn ?? 300))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(o.secret ?? process.env.SHOPIFY_API_SECRET));
}

export const cartLine = (n: number, total: string, quantity = 1, currencyCode = "USD") => ({
  id: `gid://shopify/CartLine/${n}`,
  merchandise: { type: "variant", id: `gid://shopify/ProductVariant/${n}`, title: `Item ${n}`, product: { id: `gid://shopify/Product/${n}`, vendor: "Acme" } },
  quantity,
  cost: { totalAmount: { amount: total, currencyCode } },
});
