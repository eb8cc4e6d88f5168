import { generateStore, type GenerateOptions } from "./generate-store";
import { startLocalShopify, type LocalShopify, type LocalShopifyOptions } from "./server";
import type { Store } from "./store";

// Shared set-up for the local Shopify's tests: a small generated shop behind a real server.
export const SHOP = "uplift-test.myshopify.com";
export const APP = { apiKey: "test-api-key", apiSecret: "test-api-secret", appUrl: "http://127.0.0.1:9" };
export const NOW = Date.parse("2026-11-01T00:00:00Z");

export type GqlResponse = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type TestShopify = {
  local: LocalShopify;
  store: Store;
  token: string;
  gql(query: string, variables?: Record<string, unknown>, opts?: { token?: string; version?: string }): Promise<GqlResponse>;
};

export async function startTestShopify(
  opts: Partial<LocalShopifyOptions> & { store?: Partial<GenerateOptions> } = {},
): Promise<TestShopify> {
  const { store: storeOptions, ...serverOptions } = opts;
  const store = generateStore({ domain: SHOP, seed: 11, productCount: 60, customerCount: 300, now: NOW, ...storeOptions });
  const local = await startLocalShopify({ ...APP, numericAppId: "4815162", stores: [store], ...serverOptions });
  const token = local.issueAccessToken(SHOP);
  return {
    local,
    store,
    token,
    async gql(query, variables, o = {}) {
      const res = await fetch(`${local.url}/stores/${SHOP}/admin/api/${o.version ?? "2026-07"}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": o.token ?? token },
        body: JSON.stringify(variables ? { query, variables } : { query }),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}
