import { BlockStack, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";

/** A page whose feature arrives in a later release: says what will be here, and why. */
export function EmptyPage({ title, heading, children }: { title: string; heading: string; children: React.ReactNode }) {
  return (
    <Page title={title}>
      <Layout>
        <Layout.Section>
          <Card>
            <EmptyState heading={heading} image="">
              <BlockStack gap="200">
                <Text as="p" variant="bodyMd">
                  {children}
                </Text>
              </BlockStack>
            </EmptyState>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
