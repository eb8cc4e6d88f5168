// The official @shopify/shopify-api client, unmodified, talking to the local Shopify through the
// same fetch rewrite the app uses in demo and test mode.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, GraphqlQueryError, LogSeverity, RequestedTokenType, Session, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalShopifyFetch } from "../../app/local-shopify-fetch.server";
import { APP, SHOP, startTestShopify, type TestShopify } from "./testing";

let local: TestShopify;
let api: ReturnType<typeof shopifyApi>;
beforeAll(async () => {
  // A small bucket so one request can be throttled; refilling slowly keeps the test stable.
  local = await startTestShopify({ bucketSize: 40, restoreRate: 2 });
  setAbstractFetchFunc(createLocalShopifyFetch(local.local.url, globalThis.fetch));
  api = shopifyApi({
    apiKey: APP.apiKey,
    apiSecretKey: APP.apiSecret,
    apiVersion: ApiVersion.July26,
    hostName: "127.0.0.1",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
});
afterAll(() => local.local.close());

async function sessionToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${SHOP}`, sid: "sid-1" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${SHOP}/admin`)
    .setAudience(APP.apiKey)
    .setSubject("42")
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .sign(new TextEncoder().encode(APP.apiSecret));
}

describe("@shopify/shopify-api against the local Shopify", () => {
  it("exchanges a session token and queries the Admin API end to end", async () => {
    const { session } = await api.auth.tokenExchange({
      shop: SHOP,
      sessionToken: await sessionToken(),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.id).toBe(`offline_${SHOP}`);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);

    const client = new api.clients.Graphql({ session });
    const response = await client.request<{ products: { nodes: { id: string; title: string }[] } }>(
      `query First($n: Int!) { products(first: $n) { nodes { id title } } }`,
      { variables: { n: 2 } },
    );
    expect(response.data?.products.nodes.map((p) => p.id)).toEqual(local.store.products.slice(0, 2).map((p) => p.id));
    // 2 + effectivePage(2) = 2 × 1 node
    expect(response.extensions).toMatchObject({ cost: { requestedQueryCost: 4, throttleStatus: { maximumAvailable: 40, restoreRate: 2 } } });
  });

  it("surfaces THROTTLED as the library's GraphqlQueryError", async () => {
    const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "state", isOnline: false, accessToken: local.token });
    const client = new api.clients.Graphql({ session });
    const expensive = "{ products(first: 250) { nodes { id variants(first: 1) { nodes { id } } } } }"; // 2 + 11 × 4 = 46 > 40
    const error = await client.request(expensive).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphqlQueryError);
    const queryError = error as GraphqlQueryError;
    expect(queryError.message).toBe("Throttled");
    const body = queryError.body as { errors: { graphQLErrors: { extensions: { code: string } }[] }; extensions: { cost: { actualQueryCost: null } } };
    expect(body.errors.graphQLErrors[0]!.extensions.code).toBe("THROTTLED");
    expect(body.extensions.cost.actualQueryCost).toBeNull();
  });

  it("surfaces a schema validation failure as GraphqlQueryError too", async () => {
    const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "state", isOnline: false, accessToken: local.token });
    const client = new api.clients.Graphql({ session });
    await expect(client.request("{ shop { nmae } }")).rejects.toBeInstanceOf(GraphqlQueryError);
  });
});
