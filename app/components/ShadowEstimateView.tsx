import { Banner, BlockStack, DataTable, Text } from "@shopify/polaris";
import { money } from "./labels";
import type { Interval, ShadowEstimate } from "../lib/shadow-estimate";

// The off-policy estimate of a workflow in shadow mode, as the flags page shows it.

export type ShadowEstimateData = ShadowEstimate;

const range = (i: Interval) => `${money(Math.round(i.ci[0]))} to ${money(Math.round(i.ci[1]))}`;

export function ShadowEstimateView({ estimate }: { estimate: ShadowEstimateData }) {
  if (estimate.status === "not_enough_data") {
    return (
      <Banner tone="info" title="Not enough data yet for an off-policy estimate">
        <p>
          {estimate.reason}. {estimate.pending > 0 ? `${estimate.pending} more decision${estimate.pending === 1 ? "" : "s"} will count once their outcome window closes.` : ""}
        </p>
      </Banner>
    );
  }
  const d = estimate.difference;
  const verdict = d.ci[0] > 0 ? "likely better" : d.ci[1] < 0 ? "likely worse" : "not clearly different";
  return (
    <BlockStack gap="200">
      <Text as="p">
        Going live would be <strong>{verdict}</strong> than what the shop does now: {money(Math.round(d.estimate))} margin per decision ({range(d)}), over{" "}
        {estimate.windowDays} days after each decision.
      </Text>
      <DataTable
        columnContentTypes={["text", "numeric", "text"]}
        headings={["Margin per decision", "Estimate", "95% interval"]}
        rows={[
          ["What happened (current behaviour)", money(Math.round(estimate.current.estimate)), range(estimate.current)],
          ["Engine decisions, doubly robust", money(Math.round(estimate.doublyRobust.estimate)), range(estimate.doublyRobust)],
          ["Engine decisions, SNIPS", money(Math.round(estimate.snips.estimate)), range(estimate.snips)],
        ]}
      />
      <Text as="p" tone="subdued">
        {estimate.n} decisions, effective sample size {Math.round(estimate.effectiveSampleSize)}
        {estimate.pending > 0 ? `; ${estimate.pending} newer ones still inside their window` : ""}.
      </Text>
      {estimate.unsupportedShare > 0.1 && (
        <Banner tone="warning" title="Part of the engine's choices were never tried">
          <p>
            In {Math.round(estimate.unsupportedShare * 100)}% of decisions the engine chose an action the shop never actually took, so the logs cannot
            say how it would have done. A small live rollout measures those choices.
          </p>
        </Banner>
      )}
    </BlockStack>
  );
}
