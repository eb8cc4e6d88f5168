// Drift of the score distribution between two scoring runs: the population stability index over
// the previous run's deciles, PSI = Σ (cᵢ − pᵢ) ln(cᵢ / pᵢ). Rules of thumb: < 0.1 stable,
// 0.1–0.25 moderate, above 0.25 significant.
import { quantileSorted } from "./tiers";

export type DriftBin = { lower: number; upper: number; previous: number; current: number };
export type ScoreDrift =
  | { status: "ok"; psi: number; level: "stable" | "moderate" | "significant"; bins: DriftBin[]; previousN: number; currentN: number }
  | { status: "no-baseline"; currentN: number };

/** Empty bins would make ln(c/p) infinite; a small floor keeps one empty bin from dominating. */
const FLOOR = 1e-4;

export function scoreDrift(previous: readonly number[], current: readonly number[], bins = 10): ScoreDrift {
  if (previous.length === 0 || current.length === 0) return { status: "no-baseline", currentN: current.length };
  const sorted = [...previous].sort((x, y) => x - y);
  // Interior edges at the previous run's quantiles; duplicates (many equal scores) merge bins.
  const edges = [...new Set(Array.from({ length: bins - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / bins)))];
  const binOf = (v: number) => {
    let i = 0;
    while (i < edges.length && v > edges[i]!) i++;
    return i;
  };
  const count = (values: readonly number[]) => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const v of values) counts[binOf(v)]!++;
    return counts.map((c) => c / values.length);
  };
  const p = count(previous);
  const c = count(current);
  let psi = 0;
  const out: DriftBin[] = p.map((pi, i) => {
    const ci = c[i]!;
    const a = Math.max(pi, FLOOR);
    const b = Math.max(ci, FLOOR);
    psi += (b - a) * Math.log(b / a);
    return { lower: i === 0 ? -Infinity : edges[i - 1]!, upper: i === edges.length ? Infinity : edges[i]!, previous: pi, current: ci };
  });
  const level = psi < 0.1 ? "stable" : psi < 0.25 ? "moderate" : "significant";
  return { status: "ok", psi, level, bins: out, previousN: previous.length, currentN: current.length };
}
