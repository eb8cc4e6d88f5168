import type { ReactNode } from "react";
import { Banner, BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { ExperimentReport } from "../engine/experiments";
import { LiftChart, percent } from "./LiftChart";
import { money } from "./labels";

// One experiment's read-out (a workflow's, or a checkout delivery/payment experiment's): units per
// arm, each arm against the control arm with sequential intervals, and the sample-ratio alarm.

export type ExperimentCardData = {
  units: number;
  capped: boolean;
  unlinkedUnits: number;
  split: Record<string, number>;
  control: string;
  arms: { arm: string; units: number; conversions: number; conversionRate: number; revenuePerVisitorMinor: number; profitPerVisitorMinor: number }[];
  report: ExperimentReport;
  offers?: { redeemed: number; flagged: number } | null;
};

const METRICS: Record<string, string> = {
  conversion: "Conversion",
  revenue_per_visitor: "Revenue per visitor",
  revenue_per_visitor_cuped: "Revenue per visitor (CUPED)",
  profit_per_visitor: "Profit per visitor (refund-adjusted)",
};
const share = (x: number) => `${(x * 100).toFixed(1)}%`;
const mean = (metric: string, v: number) => (metric === "conversion" ? share(v) : money(Math.round(v)));

export function ExperimentCard({ title, testId, e, armLabel = (arm) => arm, note }: { title: string; testId: string; e: ExperimentCardData; armLabel?: (arm: string) => string; note?: ReactNode }) {
  const { srm, metrics } = e.report;
  const arms = [...new Set(metrics.map((m) => m.arm))];
  const control = armLabel(e.control);
  return (
    <div data-testid={testId}>
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">{title}</Text>
            {note ? <Text as="p">{note}</Text> : null}
            <Text as="p" tone="subdued">
              {e.units} units exposed{e.capped ? " (the earliest are analysed)" : ""}; expected split{" "}
              {Object.entries(e.split).map(([arm, w]) => `${armLabel(arm)} ${share(w)}`).join(", ")}
              {e.unlinkedUnits > 0 ? `; ${e.unlinkedUnits} units have no customer to link orders to and count as not converted` : ""}.
            </Text>
          </BlockStack>
          {srm.ok && srm.alarm && (
            <Banner tone="critical" title="Sample ratio mismatch: do not trust these results">
              <p>
                The arms did not receive the share of units they were configured for (p = {srm.pValue.toExponential(2)}
                {srm.unexpectedArms.length ? `; unexpected arms: ${srm.unexpectedArms.join(", ")}` : ""}). Observed{" "}
                {Object.entries(srm.observed).map(([arm, n]) => `${armLabel(arm)} ${n}`).join(", ")}. Something other than the assignment decides who is
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
            rows={e.arms.map((a) => [armLabel(a.arm), a.units, a.conversions, share(a.conversionRate), money(Math.round(a.revenuePerVisitorMinor)), money(Math.round(a.profitPerVisitorMinor))])}
          />
          {arms.map((arm) => {
            const rows = metrics.filter((m) => m.arm === arm);
            return (
              <BlockStack gap="200" key={arm}>
                <Text as="h3" variant="headingSm">{`${armLabel(arm)} against ${control}`}</Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "text", "numeric", "numeric"]}
                  headings={["Metric", control, armLabel(arm), "Lift (95% interval)", "p-value", "Chance to win"]}
                  rows={rows.map((m) =>
                    m.ok
                      ? [METRICS[m.metric] ?? m.metric, mean(m.metric, m.controlMean), mean(m.metric, m.treatmentMean), `${percent(m.lift.expected)} (${percent(m.lift.ci[0])} to ${percent(m.lift.ci[1])})`, m.pValue.toFixed(3), share(m.chanceToWin)]
                      : [METRICS[m.metric] ?? m.metric, "", "", m.error, "", ""],
                  )}
                />
                <LiftChart
                  title={`Lift of ${armLabel(arm)} over ${control}`}
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
