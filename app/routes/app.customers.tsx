import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { customersOverview } from "../services/customer-pages.server";
import { scoreShop } from "../services/customer-intelligence.server";
import { money } from "../components/labels";
import { ClvBarChart } from "../components/ClvBarChart";
import { CustomerModelHealth } from "../components/CustomerModelHealth";
import { nbaLabel, pct, TIER_COLORS, tierLabel } from "../components/CustomerLabels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await customersOverview(session.shop));
};

const form = z.object({ intent: z.literal("rescore") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const result = await scoreShop(session.shop, new Date(), { actor: "user", actorId: sessionToken?.sub });
  return json({ ok: true as const, ...result });
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Status({ run }: { run: NonNullable<Data["latestRun"]> }) {
  if (run.status === "ok") {
    return (
      <Banner tone="success" title="Scores from the BG/NBD and Gamma-Gamma models">
        <p>{run.n} customers scored on {new Date(run.createdAt).toLocaleString()}, models fitted on {run.repeatCustomers} repeat customers ({run.modelVersion}).</p>
      </Banner>
    );
  }
  return (
    <Banner tone="warning" title="Not enough repeat customers for the models: scores come from rules">
      <p>
        The models need at least 100 repeat customers; this shop has {run.repeatCustomers}. The {run.n} customers are scored with simple recency and
        frequency rules, without intervals, and every score says so.
      </p>
    </Banner>
  );
}

export default function Customers() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const rescore = (
    <Button variant="primary" loading={busy} onClick={() => fetcher.submit({ intent: "rescore" }, { method: "post" })}>
      Rescore now
    </Button>
  );
  if (data.orders === 0) {
    return (
      <Page title="Customers">
        <Card>
          <EmptyState heading="No orders yet" image="">
            <p>Lifetime value, churn risk, tiers and next-best actions are computed from your order history once orders arrive.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  const run = data.latestRun;
  return (
    <Page title="Customers" subtitle="Lifetime value, churn risk, tiers and next-best actions" primaryAction={rescore}>
      <Layout>
        <Layout.Section>
          {run ? <Status run={run} /> : <Banner title="Not scored yet"><p>{data.orders} orders are waiting; rescore to compute the first scores.</p></Banner>}
        </Layout.Section>
        {run && (
          <>
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">Tiers</Text>
                    <ClvBarChart title="Customers per tier" bars={data.tiers.map((t) => ({ label: tierLabel(t.tier), value: t.customers, color: TIER_COLORS[t.tier], title: `${tierLabel(t.tier)}: ${t.customers} customers, ${money(t.clvMinor)} 12-month CLV` }))} />
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">12-month CLV</Text>
                    <ClvBarChart title="Customers by 12-month CLV" bars={data.histogram.map((b) => ({ label: money(b.lowerMinor).replace(/\.00$/, ""), value: b.customers, title: `${money(b.lowerMinor)} to ${money(b.upperMinor)}: ${b.customers} customers` }))} />
                  </BlockStack>
                </Card>
              </InlineGrid>
            </Layout.Section>
            <Layout.Section>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">High-value customers at risk</Text>
                  {data.atRisk.length === 0 ? (
                    <Text as="p" tone="subdued">No customer has a churn risk of 30% or more.</Text>
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
                      headings={["Customer", "Tier", "12-month CLV", "Churn risk", "Next-best action"]}
                      rows={data.atRisk.map((c) => [
                        c.pathId ? <Link key={c.pathId} to={`/app/customers/${c.pathId}`} data-testid="customer-link">{c.name}</Link> : c.name,
                        <Badge key="t">{tierLabel(c.tier)}</Badge>,
                        money(c.clvMinor, c.currency ?? "USD"),
                        pct(c.churnRisk),
                        nbaLabel(c.nextBestAction) + (c.source === "rules" ? " (rules)" : ""),
                      ])}
                    />
                  )}
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <CustomerModelHealth calibration={run.calibration} drift={run.drift} history={data.driftHistory} />
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}
