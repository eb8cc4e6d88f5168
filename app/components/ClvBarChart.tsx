// Vertical bars with labels underneath: the tier distribution and the CLV histogram. Plain SVG,
// no chart library; scales with its container.

export type Bar = { label: string; value: number; title?: string; color?: string };

const WIDTH = 640;
const HEIGHT = 220;
const BOTTOM = 36;
const TOP = 18;

export function ClvBarChart({ bars, title, format = String }: { bars: Bar[]; title: string; format?: (v: number) => string }) {
  if (bars.length === 0) return null;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = WIDTH / bars.length;
  const barWidth = Math.max(4, slot * 0.7);
  const h = (v: number) => ((HEIGHT - BOTTOM - TOP) * v) / max;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title} style={{ maxWidth: WIDTH, fontFamily: "inherit", fontSize: 11 }}>
      <title>{title}</title>
      <line x1={0} x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} stroke="#8a8a8a" />
      {bars.map((b, i) => {
        const x = i * slot + (slot - barWidth) / 2;
        const y = HEIGHT - BOTTOM - h(b.value);
        return (
          <g key={`${b.label}-${i}`} data-testid="clv-bar">
            <rect x={x} y={y} width={barWidth} height={h(b.value)} fill={b.color ?? "#2c6ecb"} rx={2} />
            <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" fill="#303030">{format(b.value)}</text>
            <text x={x + barWidth / 2} y={HEIGHT - BOTTOM + 14} textAnchor="middle" fill="#616161">{b.label}</text>
            <title>{b.title ?? `${b.label}: ${format(b.value)}`}</title>
          </g>
        );
      })}
    </svg>
  );
}
