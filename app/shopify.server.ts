import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import prisma from "./db.server";
import { env } from "./env.server";
import { createLocalShopifyFetch } from "./local-shopify-fetch.server";
import { recordInstall } from "./models/shop.server";
import { backfillOnInstall } from "./services/backfill.server";
import { requestCheckoutSetup } from "./services/checkout-setup.server";

// The node adapter binds the global fetch when imported (above); in local mode we wrap it after.
if (env.LOCAL_SHOPIFY_URL) {
  setAbstractFetchFunc(createLocalShopifyFetch(env.LOCAL_SHOPIFY_URL, globalThis.fetch));
}

export const API_VERSION = ApiVersion.July26;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES.split(","),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  // Online tokens name the staff member behind each admin request (approvals record who approved).
  useOnlineTokens: true,
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(session.shop, session.scope);
      // After every token exchange (install, reinstall, a staff member's new online token): the
      // job is idempotent, so what a merchant deleted comes back and nothing is created twice.
      await requestCheckoutSetup(session.shop);
      await backfillOnInstall(session.shop);
    },
  },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    // Public apps must use expiring offline tokens (mandatory for new apps since 2026-04-01).
    expiringOfflineAccessTokens: true,
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
