import { LineChart } from "@shopify/polaris-viz";
import { useHydrated } from "./useHydrated";

// Predicted against actual hold-out purchases per calibration-period frequency, as in lifetimes'
// plot_calibration_purchases_vs_holdout_purchases: two lines that should lie on top of each other.
// Drawn with Polaris Viz; the hidden list carries the numbers for screen readers and the server.

export type CalibrationPoint = { label: string; predicted: number; actual: number; customers: number };

export function ClvCalibrationChart({ points, title }: { points: CalibrationPoint[]; title: string }) {
  const hydrated = useHydrated();
  if (points.length === 0) return null;
  const series = (name: string, key: "predicted" | "actual", color: string) => ({
    name,
    color,
    ...(key === "predicted" ? { styleOverride: { line: { strokeDasharray: "6 4" } } } : {}),
    data: points.map((p) => ({ key: p.label, value: Number(p[key].toFixed(3)) })),
  });
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <div style={{ height: 260 }} data-testid="calibration-chart">
        {hydrated ? (
          <LineChart
          theme="Light"
          data={[series("Actual", "actual", "#303030"), series("Predicted", "predicted", "#2c6ecb")]}
          xAxisOptions={{ labelFormatter: (v) => `${v}` }}
            yAxisOptions={{ labelFormatter: (v) => Number(v).toFixed(1) }}
          />
        ) : null}
      </div>
      <ul style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
        {points.map((p) => (
          <li key={p.label}>{`${p.label} purchases in calibration (${p.customers} customers): predicted ${p.predicted.toFixed(2)}, actual ${p.actual.toFixed(2)}`}</li>
        ))}
      </ul>
    </figure>
  );
}
