import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { experimentsPage } from "../services/experiments.server";
import { saveCustomizationExperiment } from "../services/customization-experiments.server";
import { adminApprover } from "../services/approver.server";
import { LiftChart, percent } from "../components/LiftChart";
import { money, WORKFLOWS } from "../components/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await experimentsPage(session.shop));
};

const form = z.object({ kind: z.enum(["delivery", "payment"]), json: z.string().max(50_000), expectedVersion: z.coerce.number().int().min(0) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const actor = adminApprover(session, sessionToken?.sub);
  if (!actor) throw new Response("No staff member behind this request", { status: 403 });
  const result = await saveCustomizationExperiment(session.shop, parsed.data.kind, parsed.data.json, parsed.data.expectedVersion, actor);
  return json({ kind: parsed.data.kind, ok: result.ok, error: result.ok ? null : result.error, fieldErrors: result.ok ? {} : (result.fieldErrors ?? {}) }, { status: result.ok ? 200 : result.status });
};

type Editor = ReturnType<typeof useLoaderData<typeof loader>>["customizations"]["delivery"];

function CustomizationEditor({ kind, editor }: { kind: "delivery" | "payment"; editor: Editor }) {
  const fetcher = useFetcher<typeof action>();
  const [text, setText] = useState(editor.json);
  const mine = fetcher.data && fetcher.data.kind === kind ? fetcher.data : null;
  return (
    <BlockStack gap="200">
      <TextField
        label={kind === "delivery" ? "Delivery options experiment" : "Payment methods experiment"}
        value={text}
        onChange={setText}
        multiline={8}
        monospaced
        autoComplete="off"
        error={mine && !mine.ok ? (mine.fieldErrors as Record<string, string>).json ?? mine.error ?? undefined : undefined}
        helpText={
          kind === "delivery"
            ? "Arms with rename, move (index 1 or more) and hide operations matched by titleContains. The cheapest option always stays first and visible."
            : "Arms with rename (name), move and hide operations matched by nameContains. At least one payment method always stays visible."
        }
      />
      {mine?.ok ? <Text as="p" tone="success">Saved; the checkout Function is being updated.</Text> : null}
      <InlineStack align="end">
        <Button loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ kind, json: text, expectedVersion: String(editor.version) }, { method: "post" })}>
          {`Save ${kind} experiment`}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

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

function CheckoutCustomizations({ customizations }: { customizations: ReturnType<typeof useLoaderData<typeof loader>>["customizations"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Checkout delivery and payment experiments</Text>
        <Text as="p" tone="subdued">
          Logged-in customers are split between arms by a hash of their customer id; anonymous checkouts see the control experience. Rules that protect
          shoppers hold in every arm whatever is configured here.
        </Text>
        <CustomizationEditor kind="delivery" editor={customizations.delivery} />
        <CustomizationEditor kind="payment" editor={customizations.payment} />
      </BlockStack>
    </Card>
  );
}

export default function Experiments() {
  const { experiments, customizations } = useLoaderData<typeof loader>();
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
        <Layout.Section>
          <CheckoutCustomizations customizations={customizations} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
