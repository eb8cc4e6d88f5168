import { randomBytes, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { shopDomain } from "./shops";

export type MintOptions = {
  shop: string; // "uplift-demo.myshopify.com" or "uplift-demo"
  apiKey: string;
  apiSecret: string;
  sub?: string; // staff user id
  ttlSeconds?: number;
};

export const DEFAULT_STAFF_USER_ID = "42";

// Shopify's sid names the staff member's admin session, so it stays the same across tokens for
// one user while this process runs.
const sessionIds = new Map<string, string>();

function sessionId(shop: string, sub: string): string {
  const key = `${shop}/${sub}`;
  let sid = sessionIds.get(key);
  if (!sid) {
    sid = randomBytes(16).toString("hex");
    sessionIds.set(key, sid);
  }
  return sid;
}

/**
 * A session token (id_token) as Shopify's admin mints it for an embedded app: HS256 with the app
 * secret, one-minute lifetime, claims per shopify.dev/docs/apps/build/authentication-authorization/session-tokens.
 * shopify-api checks the signature, exp/nbf and aud; iss, dest (the shop), sub and sid feed sessions.
 */
export async function mintSessionToken({ shop, apiKey, apiSecret, sub = DEFAULT_STAFF_USER_ID, ttlSeconds = 60 }: MintOptions): Promise<string> {
  const domain = shopDomain(shop);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    dest: `https://${domain}`,
    sid: sessionId(domain, sub),
    sig: randomBytes(32).toString("hex"), // Shopify's own signature claim; opaque and unchecked by apps
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${domain}/admin`)
    .setAudience(apiKey)
    .setSubject(sub)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(apiSecret));
}
