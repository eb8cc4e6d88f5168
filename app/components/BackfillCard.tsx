import { Badge, Banner, BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";

// The shop's history, imported from Shopify: a button, and the latest import's progress. Counts are
// customers plus orders (an order's line items come with it).

export type BackfillView = {
  id: string;
  status: "starting" | "running" | "importing" | "completed" | "failed";
  active: boolean;
  objectCount: number;
  importedCount: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
};

const BADGES = {
  starting: { tone: "info", text: "Starting" },
  running: { tone: "info", text: "Shopify is exporting" },
  importing: { tone: "attention", text: "Importing" },
  completed: { tone: "success", text: "Completed" },
  failed: { tone: "critical", text: "Failed" },
} as const;

function detail(run: BackfillView): string {
  const when = (iso: string) => new Date(iso).toLocaleString();
  switch (run.status) {
    case "starting":
      return "Asking Shopify for an export of your customers and orders…";
    case "running":
      return run.importedCount > 0
        ? `${run.importedCount} imported so far; Shopify is preparing the next export (this can take a while for a large shop).`
        : "Shopify is preparing the export; this can take a while for a large shop.";
    case "importing":
      return `${run.importedCount} of ${run.objectCount} customers and orders imported.`;
    case "completed":
      return `${run.importedCount} customers and orders imported on ${when(run.finishedAt ?? run.startedAt)}; scores are being recomputed.`;
    case "failed":
      return `Stopped on ${when(run.finishedAt ?? run.startedAt)} after importing ${run.importedCount}. Starting again finishes the job without duplicates.`;
  }
}

export function BackfillCard({ run, starting, refused, onStart }: { run: BackfillView | null; starting: boolean; refused: boolean; onStart: () => void }) {
  const progress = run && run.objectCount > 0 ? Math.min(100, Math.round((100 * run.importedCount) / run.objectCount)) : 0;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">Backfill from Shopify</Text>
          {run ? (
            <span data-testid="backfill-status">
              <Badge tone={BADGES[run.status].tone}>{BADGES[run.status].text}</Badge>
            </span>
          ) : null}
        </InlineStack>
        <Text as="p" tone="subdued">
          Imports your existing customers and orders, which reach Uplift as webhooks only from the day it was installed, then recomputes the scores.
        </Text>
        {run ? (
          <BlockStack gap="200">
            {/* Only an import has a known total: while Shopify exports, the bar would claim too much. */}
            {run.status === "importing" || run.status === "completed" ? (
              <ProgressBar progress={run.status === "completed" ? 100 : progress} tone={run.status === "completed" ? "success" : "highlight"} size="small" ariaLabelledBy="backfill-detail" />
            ) : null}
            <Text as="p" id="backfill-detail">
              <span data-testid="backfill-detail">{detail(run)}</span>
            </Text>
            {run.error ? (
              <Banner tone={run.status === "failed" ? "critical" : "warning"} title={run.status === "failed" ? "The import failed" : "Retrying after an error"}>
                <p>{run.error}</p>
              </Banner>
            ) : null}
          </BlockStack>
        ) : null}
        {refused ? <Banner tone="warning" title="An import is already running for this shop" /> : null}
        <InlineStack align="end">
          <Button onClick={onStart} loading={starting} disabled={run?.active ?? false}>
            Backfill from Shopify
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
