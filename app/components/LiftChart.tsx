// A forest plot of lifts: one row per metric, the point estimate with its interval, against a
// dashed line at no change. Plain SVG, no chart library; scales with its container.

export type LiftRow = {
  label: string;
  /** Relative lift as a fraction (0.05 = +5 %). */
  expected: number;
  ci: [number, number];
};

const WIDTH = 640;
const LABEL = 190;
const RIGHT = 24;
const ROW = 34;
const AXIS = 28;
const GREEN = "#0c7a43";
const RED = "#c70a24";
const GREY = "#616161";

export const percent = (x: number, digits = 1) => `${x > 0 ? "+" : ""}${(x * 100).toFixed(digits)}%`;

function niceBound(x: number) {
  if (x === 0) return 0;
  const step = 10 ** Math.floor(Math.log10(Math.abs(x)));
  return Math.sign(x) * Math.ceil(Math.abs(x) / step) * step;
}

export function LiftChart({ rows, title }: { rows: LiftRow[]; title: string }) {
  const finite = rows.filter((r) => [r.expected, ...r.ci].every(Number.isFinite));
  if (finite.length === 0) return null;
  const lo = niceBound(Math.min(0, ...finite.map((r) => r.ci[0])));
  const hi = niceBound(Math.max(0, ...finite.map((r) => r.ci[1])));
  const span = hi - lo || 1;
  const x = (v: number) => LABEL + ((v - lo) / span) * (WIDTH - LABEL - RIGHT);
  const height = finite.length * ROW + AXIS;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title} style={{ maxWidth: WIDTH, fontFamily: "inherit", fontSize: 12 }}>
      <title>{title}</title>
      <line x1={x(0)} x2={x(0)} y1={0} y2={height - AXIS + 4} stroke="#8a8a8a" strokeDasharray="4 3" />
      {finite.map((r, i) => {
        const y = i * ROW + ROW / 2;
        const tone = r.ci[0] > 0 ? GREEN : r.ci[1] < 0 ? RED : GREY;
        return (
          <g key={r.label} data-testid="lift-row">
            <text x={LABEL - 10} y={y + 4} textAnchor="end" fill="#303030">{r.label}</text>
            <line x1={x(r.ci[0])} x2={x(r.ci[1])} y1={y} y2={y} stroke={tone} strokeWidth={3} strokeLinecap="round" />
            <circle cx={x(r.expected)} cy={y} r={5} fill={tone} />
            <text x={x(r.expected)} y={y - 9} textAnchor="middle" fill={tone}>{percent(r.expected)}</text>
            <title>{`${r.label}: ${percent(r.expected)} (${percent(r.ci[0])} to ${percent(r.ci[1])})`}</title>
          </g>
        );
      })}
      {[lo, 0, hi].filter((v, i, all) => all.indexOf(v) === i).map((v) => (
        <text key={v} x={x(v)} y={height - 8} textAnchor="middle" fill="#616161">{percent(v, 0)}</text>
      ))}
    </svg>
  );
}
