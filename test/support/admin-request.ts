import { SignJWT } from "jose";
import prisma from "../../app/db.server";
import { addStore, localShopify } from "./local-shopify";

/** A session token as the Shopify admin mints it (HS256 with the app secret, 1 minute). */
export async function sessionToken(shop: string, sub = "42"): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: process.env.SHOPIFY_API_KEY, sub, sid: `sid-${sub}` })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(process.env.SHOPIFY_API_SECRET));
}

/**
 * Installs the app on a store of the local Shopify: the store exists there, and the offline session
 * holds an access token it issued (what token exchange would have stored).
 */
export async function installShop(shop: string): Promise<void> {
  if (!localShopify().stores.has(shop)) addStore(shop);
  const accessToken = localShopify().issueAccessToken(shop);
  await prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken, scope: process.env.SCOPES ?? "read_products,read_customers,write_customers,read_orders,read_all_orders,write_discounts,write_delivery_customizations,write_payment_customizations,write_pixels,read_customer_events" },
    update: { accessToken },
  });
  await prisma.shop.upsert({ where: { shop }, create: { shop }, update: {} });
}

/** A document request for an embedded admin page, as Shopify's admin opens it. */
export async function adminRequest(shop: string, path: string, init: RequestInit = {}): Promise<Request> {
  const url = new URL(path, process.env.SHOPIFY_APP_URL);
  const store = shop.replace(".myshopify.com", "");
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${store}`).toString("base64url"));
  url.searchParams.set("id_token", await sessionToken(shop));
  return new Request(url, { ...init, headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36", ...(init.headers ?? {}) } });
}
