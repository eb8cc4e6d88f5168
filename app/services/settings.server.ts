import { z } from "zod";
import prisma from "../db.server";
import { adminQuery, type AdminGraphql } from "../integrations/shopify-admin.server";
import { env } from "../env.server";
import { checkoutSetupStatus } from "./checkout-setup.server";
import { entitlementSettingsView } from "./entitlements.server";
import { llmSettingsView } from "./llm-settings.server";
import { slackSettingsView } from "./slack-settings.server";

const SHOP_OVERVIEW = `#graphql
  query UpliftShopOverview {
    shop {
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      plan { publicDisplayName shopifyPlus }
    }
  }`;

const shopOverview = z.object({
  shop: z.object({
    name: z.string(),
    myshopifyDomain: z.string(),
    currencyCode: z.string(),
    ianaTimezone: z.string(),
    plan: z.object({ publicDisplayName: z.string(), shopifyPlus: z.boolean() }),
  }),
});

/** Settings: the store as the Admin API describes it, and what this app holds about the install. */
export async function settingsPage(shop: string, graphql: AdminGraphql) {
  const [overview, install, llm, slack, checkout, tierOffers] = await Promise.all([
    adminQuery(graphql, SHOP_OVERVIEW, shopOverview),
    prisma.shop.findUnique({ where: { shop } }),
    llmSettingsView(shop),
    slackSettingsView(shop),
    checkoutSetupStatus(shop, graphql, env.SHOPIFY_APP_URL),
    entitlementSettingsView(shop),
  ]);
  return {
    store: overview.ok ? overview.data.shop : null,
    storeError: overview.ok ? null : overview.error.message,
    apiBudget: overview.ok && overview.cost ? overview.cost.throttleStatus : null,
    scopes: install?.scopes ?? null,
    installedAt: install?.installedAt.toISOString() ?? null,
    llm,
    slack,
    checkout,
    tierOffers,
  };
}
