import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { customersOverview } from "../services/customer-pages.server";
import { rescoreNow } from "../services/score-followups.server";
import { requestBackfill } from "../services/backfill.server";
import { BackfillCard } from "../components/BackfillCard";
import { money } from "../components/labels";
import { ClvBarChart } from "../components/ClvBarChart";
import { CustomerModelHealth } from "../components/CustomerModelHealth";
import { nbaLabel, pct, TIER_COLORS, tierLabel } from "../components/CustomerLabels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await customersOverview(session.shop));
};

const form = z.discriminatedUnion("intent", [z.object({ intent: z.literal("rescore") }), z.object({ intent: z.literal("backfill") })]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const by = { actor: "user" as const, actorId: sessionToken?.sub };
  if (parsed.data.intent === "backfill") {
    const result = await requestBackfill(session.shop, by);
    return json({ intent: "backfill" as const, ...result }, { status: result.ok ? 202 : 409 });
  }
  const result = await rescoreNow(session.shop, by);
  return json({ intent: "rescore" as const, ok: true as const, ...result });
};

const REFRESH_MS = 2000;

/** Reloads the page's data while an import runs, so its progress moves without a click. */
function useRefreshWhile(active: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, REFRESH_MS);
    return () => clearInterval(id);
  }, [active, revalidate, state]);
}

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
  const backfiller = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  useRefreshWhile(data.backfill?.active ?? false);
  const rescore = (
    <Button variant="primary" loading={busy} onClick={() => fetcher.submit({ intent: "rescore" }, { method: "post" })}>
      Rescore now
    </Button>
  );
  const refused = backfiller.state === "idle" && backfiller.data?.intent === "backfill" && !backfiller.data.ok;
  const backfill = (
    <BackfillCard run={data.backfill} starting={backfiller.state !== "idle"} refused={refused} onStart={() => backfiller.submit({ intent: "backfill" }, { method: "post" })} />
  );
  if (data.orders === 0) {
    return (
      <Page title="Customers">
        <BlockStack gap="400">
          <Card>
            <EmptyState heading="No orders yet" image="">
              <p>Lifetime value, churn risk, tiers and next-best actions are computed from your order history once orders arrive.</p>
            </EmptyState>
          </Card>
          {backfill}
        </BlockStack>
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
        <Layout.Section>{backfill}</Layout.Section>
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
