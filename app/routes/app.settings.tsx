import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { settingsPage } from "../services/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return json(await settingsPage(session.shop, admin.graphql));
};

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <Layout>
        <Layout.Section>
          {data.storeError && (
            <Banner tone="critical" title="Shopify did not answer">
              <p>{data.storeError}</p>
            </Banner>
          )}
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Store</Text>
              {data.store ? (
                <div data-testid="store-overview">
                  <Text as="p">
                    {data.store.name} ({data.store.myshopifyDomain}), {data.store.plan.publicDisplayName} plan
                    {data.store.plan.shopifyPlus ? "" : " (checkout extensions in the checkout steps need Shopify Plus)"}
                  </Text>
                  <Text as="p" tone="subdued">
                    Currency {data.store.currencyCode}, time zone {data.store.ianaTimezone}
                  </Text>
                </div>
              ) : null}
              {data.apiBudget && (
                <Text as="p" tone="subdued">
                  Admin API budget: {Math.floor(data.apiBudget.currentlyAvailable)} of {data.apiBudget.maximumAvailable} points,
                  refilling {data.apiBudget.restoreRate} per second
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Guardrails and integrations</Text>
              <Text as="p">
                Guardrails (maximum discount, margin floor, budgets) and CRM connections will be set here.
              </Text>
              {data.scopes && <Text as="p" tone="subdued">Granted access: {data.scopes}</Text>}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
