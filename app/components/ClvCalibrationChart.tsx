// Predicted against actual hold-out purchases per calibration-period frequency, as in lifetimes'
// plot_calibration_purchases_vs_holdout_purchases: two lines that should lie on top of each other.

export type CalibrationPoint = { label: string; predicted: number; actual: number; customers: number };

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 40;
const TOP = 12;
const RIGHT = 16;

export function ClvCalibrationChart({ points, title }: { points: CalibrationPoint[]; title: string }) {
  if (points.length === 0) return null;
  const max = Math.max(0.1, ...points.flatMap((p) => [p.predicted, p.actual])) * 1.1;
  const x = (i: number) => LEFT + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => HEIGHT - BOTTOM - (v / max) * (HEIGHT - BOTTOM - TOP);
  const path = (key: "predicted" | "actual") => points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ");
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title} style={{ maxWidth: WIDTH, fontFamily: "inherit", fontSize: 11 }}>
      <title>{title}</title>
      <line x1={LEFT} x2={WIDTH - RIGHT} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} stroke="#8a8a8a" />
      <line x1={LEFT} x2={LEFT} y1={TOP} y2={HEIGHT - BOTTOM} stroke="#8a8a8a" />
      {[0, max / 2, max].map((v) => (
        <text key={v} x={LEFT - 6} y={y(v) + 4} textAnchor="end" fill="#616161">{v.toFixed(1)}</text>
      ))}
      <path d={path("actual")} fill="none" stroke="#303030" strokeWidth={2} />
      <path d={path("predicted")} fill="none" stroke="#2c6ecb" strokeWidth={2} strokeDasharray="6 4" />
      {points.map((p, i) => (
        <g key={p.label}>
          <circle cx={x(i)} cy={y(p.actual)} r={3} fill="#303030" />
          <circle cx={x(i)} cy={y(p.predicted)} r={3} fill="#2c6ecb" />
          <text x={x(i)} y={HEIGHT - BOTTOM + 14} textAnchor="middle" fill="#616161">{p.label}</text>
          <title>{`${p.label} purchases in calibration (${p.customers} customers): predicted ${p.predicted.toFixed(2)}, actual ${p.actual.toFixed(2)}`}</title>
        </g>
      ))}
      <text x={(LEFT + WIDTH) / 2} y={HEIGHT - 6} textAnchor="middle" fill="#616161">Repeat purchases in the calibration period</text>
      <text x={WIDTH - RIGHT} y={TOP + 10} textAnchor="end" fill="#303030">— actual</text>
      <text x={WIDTH - RIGHT} y={TOP + 24} textAnchor="end" fill="#2c6ecb">- - predicted</text>
    </svg>
  );
}
