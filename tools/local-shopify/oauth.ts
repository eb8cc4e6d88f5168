import { jwtVerify } from "jose";
import type { TokenPair, TokenRegistry } from "./tokens";

export type OAuthApp = { apiKey: string; apiSecret: string; scopes: string };
export type OAuthResult = { status: number; body: unknown };

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

const HOUR = 3600;
const ONLINE_SECONDS = 86_399;
const CLIENT_CREDENTIALS_SECONDS = 86_399;

const invalidRequest = (description: string): OAuthResult => ({
  status: 400,
  body: { error: "invalid_request", error_description: description },
});
const invalidSubject = (description: string): OAuthResult => ({
  status: 400,
  body: { error: "invalid_subject_token", error_description: description },
});

// POST /admin/oauth/access_token with the JSON bodies @shopify/shopify-api sends: token exchange
// (id_token → offline/online token, or non-expiring → expiring offline), refresh, client credentials.
export async function handleTokenRequest(
  shop: string,
  body: unknown,
  app: OAuthApp,
  tokens: TokenRegistry,
  clock: () => number,
): Promise<OAuthResult> {
  if (!body || typeof body !== "object") return invalidRequest("The request body must be a JSON object.");
  const b = body as Record<string, unknown>;
  if (b.client_id !== app.apiKey || b.client_secret !== app.apiSecret) {
    return {
      status: 401,
      body: { error: "invalid_client", error_description: "Client authentication failed: unknown client or wrong client secret." },
    };
  }
  const expiring = b.expiring === "1" || b.expiring === 1 || b.expiring === true;

  if (b.grant_type === "refresh_token") {
    const pair = typeof b.refresh_token === "string" ? tokens.refreshWith(shop, b.refresh_token, app.scopes) : null;
    return pair ? { status: 200, body: offlineBody(pair, app.scopes) } : invalidRequest("This request requires an active refresh_token");
  }
  if (b.grant_type === "client_credentials") {
    const pair = tokens.issue(shop, { expiresIn: CLIENT_CREDENTIALS_SECONDS, scope: app.scopes });
    return { status: 200, body: { access_token: pair.accessToken, scope: app.scopes, expires_in: CLIENT_CREDENTIALS_SECONDS } };
  }
  if (b.grant_type !== TOKEN_EXCHANGE) {
    return invalidRequest("Only token exchange, refresh_token and client_credentials grants are supported here.");
  }
  if (typeof b.subject_token !== "string") return invalidSubject("subject_token is missing.");

  if (b.subject_token_type === OFFLINE) {
    // Migration of a non-expiring offline token to an expiring one; the old token stops working.
    const old = tokens.lookup(shop, b.subject_token);
    if (!old || old.kind !== "offline" || old.expiring) return invalidSubject("The subject token is not a non-expiring offline access token.");
    tokens.revoke(b.subject_token);
    return { status: 200, body: offlineBody(tokens.issue(shop, { expiresIn: HOUR, scope: app.scopes, withRefresh: true }), app.scopes) };
  }
  if (b.subject_token_type !== ID_TOKEN) return invalidRequest("Unsupported subject_token_type.");

  const claims = await verifyIdToken(b.subject_token, shop, app, clock);
  if (typeof claims === "string") return invalidSubject(claims);

  if (b.requested_token_type === ONLINE) {
    const pair = tokens.issue(shop, { kind: "online", expiresIn: ONLINE_SECONDS, scope: app.scopes });
    return { status: 200, body: onlineBody(pair, app.scopes, shop, claims.sub) };
  }
  if (b.requested_token_type !== OFFLINE) return invalidRequest("Unsupported requested_token_type.");
  const pair = expiring
    ? tokens.issue(shop, { expiresIn: HOUR, scope: app.scopes, withRefresh: true })
    : tokens.issue(shop, { scope: app.scopes });
  return { status: 200, body: offlineBody(pair, app.scopes) };
}

async function verifyIdToken(token: string, shop: string, app: OAuthApp, clock: () => number): Promise<{ sub: string } | string> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(app.apiSecret), {
      algorithms: ["HS256"],
      audience: app.apiKey,
      clockTolerance: 10,
      currentDate: new Date(clock()),
    });
    const dest = typeof payload.dest === "string" ? new URL(payload.dest).hostname : null;
    if (dest !== shop) return `The id_token was issued for ${dest ?? "no shop"}, not ${shop}.`;
    return { sub: typeof payload.sub === "string" ? payload.sub : "" };
  } catch (error) {
    return `The id_token could not be verified: ${(error as Error).message}`;
  }
}

function offlineBody(pair: TokenPair, scope: string): Record<string, unknown> {
  const body: Record<string, unknown> = { access_token: pair.accessToken, scope };
  if (pair.refreshToken) {
    Object.assign(body, { expires_in: HOUR, refresh_token: pair.refreshToken, refresh_token_expires_in: 90 * 24 * HOUR });
  }
  return body;
}

function onlineBody(pair: TokenPair, scope: string, shop: string, sub: string): Record<string, unknown> {
  const id = Number(sub) || 42;
  return {
    access_token: pair.accessToken,
    scope,
    expires_in: ONLINE_SECONDS,
    associated_user_scope: scope,
    associated_user: {
      id,
      first_name: "Local",
      last_name: "Staff",
      email: `staff${id}@${shop.replace(/\.myshopify\.com$/, "")}.example`,
      email_verified: true,
      account_owner: id === 42,
      locale: "en",
      collaborator: false,
    },
  };
}
