import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { customerProfile } from "../services/customer-pages.server";
import { money } from "../components/labels";
import { nbaLabel, pct, tierLabel, TIER_TONES } from "../components/CustomerLabels";
import type { Tier } from "../engine/clv";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const profile = await customerProfile(session.shop, params.id ?? "");
  if (!profile) throw new Response("Customer not found", { status: 404 });
  return json(profile);
};

function Metric({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">{label}</Text>
        <Text as="p" variant="headingLg">{value}</Text>
        {detail ? <Text as="p" tone="subdued">{detail}</Text> : null}
      </BlockStack>
    </Card>
  );
}

export default function CustomerProfile() {
  const c = useLoaderData<typeof loader>();
  const currency = c.currency ?? "USD";
  const interval = c.clvLowMinor !== null && c.clvHighMinor !== null ? `95% interval ${money(c.clvLowMinor, currency)} to ${money(c.clvHighMinor, currency)}` : "No interval (rule-based)";
  const overdue = c.daysOverdue === null ? "One-time buyer: no usual rhythm yet" : c.daysOverdue > 0 ? `${c.daysOverdue} days past the expected next order` : `Next order expected in ${-c.daysOverdue} days`;
  return (
    <Page
      title={c.name}
      backAction={{ content: "Customers", url: "/app/customers" }}
      titleMetadata={<Badge tone={TIER_TONES[c.tier as Tier]}>{tierLabel(c.tier)}</Badge>}
      subtitle={`${c.orders} orders, last on ${new Date(c.lastOrderAt).toLocaleDateString()}${c.topCategory ? `, mostly ${c.topCategory}` : ""}`}
    >
      <Layout>
        {c.source === "rules" && (
          <Layout.Section>
            <Banner tone="warning" title="Rule-based score">
              <p>This shop has too few repeat customers for the models, so these numbers come from simple recency and frequency rules.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 4 }} gap="400">
            <Metric label="12-month CLV (discounted)" value={money(c.clvMinor, currency)} detail={interval} />
            <Metric label="Expected orders, next 12 months" value={c.expectedPurchases12m.toFixed(1)} />
            <Metric label="P(alive)" value={pct(c.pAlive)} />
            <Metric label="Churn risk" value={pct(c.churnRisk)} detail={overdue} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">Next-best action: {nbaLabel(c.nextBestAction)}</Text>
                {/* Only text the model wrote is labelled as drafted; anything else is the rule's template. */}
                <Badge tone={c.reasoningSource.kind === "llm" ? "info" : undefined}>{c.reasoningSource.label}</Badge>
              </InlineStack>
              <Text as="p" data-testid="reasoning">{c.reasoning}</Text>
              <Text as="p" tone="subdued">
                Rule {c.nbaRuleId ?? "none (fallback)"}; scored {new Date(c.scoredAt).toLocaleString()} with {c.modelVersion}.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
