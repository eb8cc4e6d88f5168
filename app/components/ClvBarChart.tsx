import { BarChart } from "@shopify/polaris-viz";
import { useHydrated } from "./useHydrated";

// Vertical bars with labels underneath: the tier distribution, the CLV histogram and the drift
// history, drawn with Polaris Viz (Shopify's admin chart library). Polaris Viz needs the browser
// (window), so the chart is drawn after hydration; the hidden list keeps the numbers readable to screen
// readers and to anything rendering on the server.

export type Bar = { label: string; value: number; title?: string; color?: string };

export function ClvBarChart({ bars, title, format = String }: { bars: Bar[]; title: string; format?: (v: number) => string }) {
  const hydrated = useHydrated();
  if (bars.length === 0) return null;
  // One series per colour: Polaris Viz colours series, not single bars.
  const colors = [...new Set(bars.map((b) => b.color ?? ""))];
  const data = colors.map((color) => ({
    name: title,
    ...(color ? { color } : {}),
    data: bars.map((b) => ({ key: b.label, value: (b.color ?? "") === color ? b.value : null })),
  }));
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <div style={{ height: 240 }} data-testid="clv-bar-chart">
        {hydrated ? <BarChart data={data} theme="Light" showLegend={false} type={colors.length > 1 ? "stacked" : "default"} yAxisOptions={{ labelFormatter: (v) => format(Number(v)) }} /> : null}
      </div>
      <ul style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
        {bars.map((b, i) => (
          <li key={`${b.label}-${i}`} data-testid="clv-bar">{b.title ?? `${b.label}: ${format(b.value)}`}</li>
        ))}
      </ul>
    </figure>
  );
}
