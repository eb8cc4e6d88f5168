import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, DataTable, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { experimentsOverview } from "../services/experiments.server";
import { LiftChart, percent } from "../components/LiftChart";
import { money, WORKFLOWS } from "../components/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await experimentsOverview(session.shop));
};

type Experiment = ReturnType<typeof useLoaderData<typeof loader>>["experiments"][number];

const METRICS: Record<string, string> = {
  conversion: "Conversion",
  revenue_per_visitor: "Revenue per visitor",
  revenue_per_visitor_cuped: "Revenue per visitor (CUPED)",
  profit_per_visitor: "Profit per visitor (refund-adjusted)",
};
const ARMS: Record<string, string> = { control: "Control (held out)", treatment: "Treatment", universal_holdout: "Universal holdout" };
const share = (x: number) => `${(x * 100).toFixed(1)}%`;
const mean = (metric: string, v: number) => (metric === "conversion" ? share(v) : money(Math.round(v)));

function ExperimentCard({ e }: { e: Experiment }) {
  const { srm, metrics } = e.report;
  const arms = [...new Set(metrics.map((m) => m.arm))];
  return (
    <div data-testid={`experiment-${e.workflow}`}>
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">{WORKFLOWS[e.workflow]}</Text>
          <Text as="p" tone="subdued">
            {e.units} units exposed{e.capped ? " (the earliest are analysed)" : ""}; expected split{" "}
            {Object.entries(e.split).map(([arm, w]) => `${ARMS[arm] ?? arm} ${share(w)}`).join(", ")}
            {e.unlinkedUnits > 0 ? `; ${e.unlinkedUnits} units have no customer to link orders to and count as not converted` : ""}.
          </Text>
        </BlockStack>
        {srm.ok && srm.alarm && (
          <Banner tone="critical" title="Sample ratio mismatch: do not trust these results">
            <p>
              The arms did not receive the share of units they were configured for (p = {srm.pValue.toExponential(2)}
              {srm.unexpectedArms.length ? `; unexpected arms: ${srm.unexpectedArms.join(", ")}` : ""}). Observed{" "}
              {Object.entries(srm.observed).map(([arm, n]) => `${ARMS[arm] ?? arm} ${n}`).join(", ")}. Something other than the assignment decides who is
              exposed; find it before reading the lifts.
            </p>
          </Banner>
        )}
        {e.offers ? (
          <div data-testid="offer-redemptions">
            <Text as="p">{`Offers used in orders: ${e.offers.redeemed} redeemed, ${e.offers.flagged} flagged (expired, reused or not valid; see the audit log)`}</Text>
          </div>
        ) : null}
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Arm", "Units", "Converted", "Conversion", "Revenue per visitor", "Profit per visitor"]}
          rows={e.arms.map((a) => [ARMS[a.arm] ?? a.arm, a.units, a.conversions, share(a.conversionRate), money(Math.round(a.revenuePerVisitorMinor)), money(Math.round(a.profitPerVisitorMinor))])}
        />
        {arms.map((arm) => {
          const rows = metrics.filter((m) => m.arm === arm);
          return (
            <BlockStack gap="200" key={arm}>
              <Text as="h3" variant="headingSm">{ARMS[arm] ?? arm} against control</Text>
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "text", "numeric", "numeric"]}
                headings={["Metric", "Control", ARMS[arm] ?? arm, "Lift (95% interval)", "p-value", "Chance to win"]}
                rows={rows.map((m) =>
                  m.ok
                    ? [METRICS[m.metric] ?? m.metric, mean(m.metric, m.controlMean), mean(m.metric, m.treatmentMean), `${percent(m.lift.expected)} (${percent(m.lift.ci[0])} to ${percent(m.lift.ci[1])})`, m.pValue.toFixed(3), share(m.chanceToWin)]
                    : [METRICS[m.metric] ?? m.metric, "", "", m.error, "", ""],
                )}
              />
              <LiftChart
                title={`Lift of ${ARMS[arm] ?? arm} over control`}
                rows={rows.flatMap((m) => (m.ok ? [{ label: METRICS[m.metric] ?? m.metric, expected: m.lift.expected, ci: m.lift.ci }] : []))}
              />
            </BlockStack>
          );
        })}
        <Text as="p" tone="subdued">
          Intervals and p-values are sequential (always valid), so looking before the end does not inflate false positives.
        </Text>
      </BlockStack>
    </Card>
    </div>
  );
}

export default function Experiments() {
  const { experiments } = useLoaderData<typeof loader>();
  return (
    <Page title="Experiments" subtitle="Every workflow is measured against a held-out control group">
      <Layout>
        {experiments.length === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="No experiments are running" image="">
                <p>When a workflow runs in shadow or live mode, units are assigned to control or treatment; results show here.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          experiments.map((e) => (
            <Layout.Section key={e.workflow}>
              <ExperimentCard e={e} />
            </Layout.Section>
          ))
        )}
      </Layout>
    </Page>
  );
}
