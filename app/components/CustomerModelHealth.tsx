// Model health on the Customers page: calibration on a hold-out period (predicted against actual
// purchases, as in lifetimes) and drift of the CLV distribution between scoring runs (PSI).
import { BlockStack, Card, DataTable, InlineGrid, Text } from "@shopify/polaris";
import type { CalibrationResult, ScoreDrift } from "../engine/clv";
import { ClvBarChart } from "./ClvBarChart";
import { ClvCalibrationChart } from "./ClvCalibrationChart";

type Calibration = CalibrationResult | { status: "skipped"; reason: string };
type HistoryPoint = { createdAt: string; status: string; n: number; psi: number | null };

const PSI_LEVEL = (psi: number) => (psi < 0.1 ? "stable" : psi < 0.25 ? "moderate shift" : "significant shift");

function CalibrationView({ calibration }: { calibration: Calibration | null }) {
  if (!calibration || calibration.status !== "ok") {
    const why = !calibration ? "No calibration recorded." : "reason" in calibration ? calibration.reason : "";
    return <Text as="p" tone="subdued">Calibration not available: {why}</Text>;
  }
  const weeks = Math.round(calibration.holdoutLength * (calibration.unit === "weeks" ? 1 : 1 / 7));
  return (
    <BlockStack gap="200">
      <Text as="p">
        Fitted on the history before the last {weeks} weeks, then compared with what {calibration.customers} customers bought in those weeks: predicted{" "}
        {calibration.totalPredicted.toFixed(0)} purchases, actual {calibration.totalActual}
        {Number.isFinite(calibration.relativeTotalError) ? ` (${(calibration.relativeTotalError * 100).toFixed(1)}% off)` : ""}; mean absolute error{" "}
        {calibration.meanAbsoluteError.toFixed(2)} per customer.
      </Text>
      <ClvCalibrationChart title="Hold-out purchases per customer, predicted against actual" points={calibration.groups} />
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric"]}
        headings={["Repeat purchases (calibration)", "Customers", "Predicted per customer", "Actual per customer"]}
        rows={calibration.groups.map((g) => [g.label, g.customers, g.predicted.toFixed(2), g.actual.toFixed(2)])}
      />
    </BlockStack>
  );
}

function DriftView({ drift, history }: { drift: ScoreDrift | null; history: HistoryPoint[] }) {
  const points = history.filter((h): h is HistoryPoint & { psi: number } => h.psi !== null);
  return (
    <BlockStack gap="200">
      {drift?.status === "ok" ? (
        <Text as="p">
          Population stability index against the previous run: {drift.psi.toFixed(3)} ({PSI_LEVEL(drift.psi)}; below 0.1 is stable, above 0.25 a significant shift).
        </Text>
      ) : (
        <Text as="p" tone="subdued">No previous run to compare with yet.</Text>
      )}
      {points.length > 0 && (
        <ClvBarChart
          title="PSI of each run against the one before"
          format={(v) => v.toFixed(2)}
          bars={points.map((p) => ({ label: new Date(p.createdAt).toLocaleDateString(), value: p.psi, color: p.psi < 0.1 ? "#0c7a43" : p.psi < 0.25 ? "#b98900" : "#c70a24" }))}
        />
      )}
    </BlockStack>
  );
}

export function CustomerModelHealth({ calibration, drift, history }: { calibration: Calibration | null; drift: ScoreDrift | null; history: HistoryPoint[] }) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">Model health</Text>
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">Calibration on a hold-out period</Text>
            <CalibrationView calibration={calibration} />
          </BlockStack>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">Drift of the score distribution</Text>
            <DriftView drift={drift} history={history} />
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
