import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, NOW, SHOP, startTestShopify, type TestShopify } from "./testing";

let shopify: TestShopify;
let now = NOW;
beforeAll(async () => {
  shopify = await startTestShopify({ clock: () => now });
});
afterAll(() => shopify.local.close());

async function idToken(o: { secret?: string; aud?: string; dest?: string; issuedAt?: number; ttl?: number } = {}) {
  const iat = Math.floor((o.issuedAt ?? now) / 1000);
  return new SignJWT({ dest: o.dest ?? `https://${SHOP}`, sid: "s1" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${SHOP}/admin`)
    .setAudience(o.aud ?? APP.apiKey)
    .setSubject("42")
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (o.ttl ?? 60))
    .sign(new TextEncoder().encode(o.secret ?? APP.apiSecret));
}

async function tokenRequest(body: Record<string, unknown>, shop = SHOP) {
  const res = await fetch(`${shopify.local.url}/stores/${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const exchange = async (extra: Record<string, unknown> = {}) => ({
  client_id: APP.apiKey,
  client_secret: APP.apiSecret,
  grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
  subject_token: await idToken(),
  subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
  requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
  ...extra,
});

const INVALID_TOKEN = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

describe("token endpoint", () => {
  it("exchanges an id_token for an expiring offline token that works for an hour", async () => {
    const { status, body } = await tokenRequest(await exchange({ expiring: "1" }));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "scope"]);
    expect(body).toMatchObject({ expires_in: 3600, refresh_token_expires_in: 7_776_000, scope: "read_products,read_customers,write_customers,read_orders,read_all_orders,write_discounts,write_delivery_customizations,write_payment_customizations,write_pixels,read_customer_events" });
    expect((await shopify.gql("{ shop { name } }", undefined, { token: body.access_token })).status).toBe(200);

    now += 3_601_000;
    const expired = await shopify.gql("{ shop { name } }", undefined, { token: body.access_token });
    expect(expired).toEqual({ status: 401, body: INVALID_TOKEN });

    // The refresh grant rotates both tokens.
    const refreshed = await tokenRequest({ client_id: APP.apiKey, client_secret: APP.apiSecret, grant_type: "refresh_token", refresh_token: body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
    expect((await shopify.gql("{ shop { name } }", undefined, { token: refreshed.body.access_token })).status).toBe(200);
    // Once the new token has been used, the old refresh token is spent.
    const reused = await tokenRequest({ client_id: APP.apiKey, client_secret: APP.apiSecret, grant_type: "refresh_token", refresh_token: body.refresh_token });
    expect(reused.status).toBe(400);
  });

  it("issues the non-expiring and online shapes", async () => {
    const offline = await tokenRequest(await exchange({ expiring: "0" }));
    expect(Object.keys(offline.body).sort()).toEqual(["access_token", "scope"]);
    const online = await tokenRequest(await exchange({ requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token", expiring: "1" }));
    expect(online.body).toMatchObject({ expires_in: 86_399, associated_user: { id: 42, email_verified: true }, associated_user_scope: expect.any(String) });
    expect(online.body.refresh_token).toBeUndefined();
  });

  it("rejects a wrong client secret and bad id_tokens", async () => {
    const badSecret = await tokenRequest(await exchange({ client_secret: "wrong" }));
    expect(badSecret.status).toBe(401);
    expect(badSecret.body.error).toBe("invalid_client");

    for (const subject of [
      await idToken({ secret: "not-the-app-secret" }),
      await idToken({ aud: "another-app" }),
      await idToken({ dest: "https://someone-else.myshopify.com" }),
      await idToken({ issuedAt: now - 120_000 }),
      "not-a-jwt",
    ]) {
      const res = await tokenRequest(await exchange({ subject_token: subject }));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_subject_token");
    }
  });

  it("guards the GraphQL endpoint: token, shop and version", async () => {
    expect(await shopify.gql("{ shop { name } }", undefined, { token: "shpat_unknown" })).toEqual({ status: 401, body: INVALID_TOKEN });
    expect(await shopify.gql("{ shop { name } }", undefined, { version: "2025-01" })).toEqual({ status: 404, body: { errors: "Not Found" } });
    const other = await fetch(`${shopify.local.url}/stores/nobody.myshopify.com/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shopify.token },
      body: "{}",
    });
    expect(other.status).toBe(404);
    const res = await fetch(`${shopify.local.url}/stores/${SHOP}/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shopify.token },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });
});
