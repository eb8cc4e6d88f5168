// A/A simulation: both arms draw from the same distribution, so every "significant" result is a
// false positive and every interval should cover the true difference, 0. Targets from issue 3:
// false-positive rate 5 ± 0.5 % and 95 % interval coverage 95 ± 1 % at alpha 0.05.
// Data are drawn unit by unit from a seeded PRNG (passed in) and reduced to sufficient statistics,
// as production does from SQL. Usage: npm run bench:aa  [AA_EXPERIMENTS=50000 AA_UNITS=1000 AA_SEED=…]
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { analyze, type SufficientStatistic } from "../app/engine/stats";

type Random = () => number;

/** xoshiro128** seeded through splitmix32: fast, 2^128 period, reproducible across runs. */
export function seededRandom(seed: number): Random {
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()];
  return () => {
    const result = Math.imul(((Math.imul(s[1]!, 5) << 7) | (Math.imul(s[1]!, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = ((s[3]! << 11) | (s[3]! >>> 21)) >>> 0;
    return (result + 0.5) / 4294967296;
  };
}

type Metric = { name: string; draw(random: Random, n: number): SufficientStatistic };

function normalDraws(random: Random, n: number, mean: number, sd: number): SufficientStatistic {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i += 2) {
    // Box–Muller: two independent normals per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(random()));
    const angle = 2 * Math.PI * random();
    for (const z of i + 1 < n ? [r * Math.cos(angle), r * Math.sin(angle)] : [r * Math.cos(angle)]) {
      const y = mean + sd * z;
      sum += y;
      sumSquares += y * y;
    }
  }
  return { type: "mean", n, sum, sumSquares };
}

const METRICS: Metric[] = [
  { name: "normal (revenue per visitor, mean 10, sd 4)", draw: (random, n) => normalDraws(random, n, 10, 4) },
  {
    name: "bernoulli (conversion, p = 0.1)",
    draw: (random, n) => {
      let sum = 0;
      for (let i = 0; i < n; i++) if (random() < 0.1) sum++;
      return { type: "proportion", n, sum };
    },
  },
];

const ALPHA = 0.05;
const TARGETS = { falsePositiveRate: { value: 0.05, tolerance: 0.005 }, coverage: { value: 0.95, tolerance: 0.01 } };
const within = (x: number, t: { value: number; tolerance: number }) => Math.abs(x - t.value) <= t.tolerance;

export function simulate(random: Random, metric: Metric, experiments: number, units: number) {
  const tallies = { absolute: { positives: 0, covered: 0 }, relative: { positives: 0, covered: 0 }, sequentialPositives: 0 };
  for (let e = 0; e < experiments; e++) {
    const control = metric.draw(random, units);
    const treatment = metric.draw(random, units);
    for (const differenceType of ["absolute", "relative"] as const) {
      const r = analyze({ method: "frequentist", differenceType, alpha: ALPHA, control, treatment });
      if (r.pValue! < ALPHA) tallies[differenceType].positives++;
      if (r.ci[0] <= 0 && r.ci[1] >= 0) tallies[differenceType].covered++;
    }
    if (analyze({ method: "sequential", differenceType: "absolute", alpha: ALPHA, control, treatment }).pValue! < ALPHA) tallies.sequentialPositives++;
  }
  return (["absolute", "relative"] as const).map((differenceType) => {
    const falsePositiveRate = tallies[differenceType].positives / experiments;
    const coverage = tallies[differenceType].covered / experiments;
    return {
      metric: metric.name,
      method: "frequentist",
      differenceType,
      experiments,
      unitsPerArm: units,
      falsePositiveRate,
      coverage,
      // Binomial standard error of the estimated rate, to judge how close to a target a miss is.
      standardError: Math.sqrt((ALPHA * (1 - ALPHA)) / experiments),
      falsePositiveRatePass: within(falsePositiveRate, TARGETS.falsePositiveRate),
      coveragePass: within(coverage, TARGETS.coverage),
      sequentialAbsoluteFalsePositiveRate: tallies.sequentialPositives / experiments,
    };
  });
}

function main() {
  const experiments = Number(process.env.AA_EXPERIMENTS ?? 50_000);
  const units = Number(process.env.AA_UNITS ?? 1_000);
  const seed = Number(process.env.AA_SEED ?? 20261123);
  const started = performance.now();
  const random = seededRandom(seed);
  const rows = METRICS.flatMap((m) => simulate(random, m, experiments, units));
  const seconds = (performance.now() - started) / 1000;
  const pass = experiments >= 10_000 && rows.every((r) => r.falsePositiveRatePass && r.coveragePass);
  const result = {
    bench: "aa-simulation",
    date: new Date().toISOString(),
    seed,
    alpha: ALPHA,
    targets: TARGETS,
    note: "Two-sided tests: in an A/A test the interval misses 0 exactly when p < alpha, so coverage = 1 - false-positive rate per row. The sequential column is informational (always-valid, so expected well below alpha).",
    results: rows,
    pass,
    runtimeSeconds: Number(seconds.toFixed(1)),
  };
  const dir = resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, "aa-simulation.json"), `${JSON.stringify(result, null, 2)}\n`);
  for (const r of rows) {
    console.log(`${r.metric} ${r.differenceType}: false positives ${(100 * r.falsePositiveRate).toFixed(2)} % (${r.falsePositiveRatePass ? "pass" : "FAIL"}), coverage ${(100 * r.coverage).toFixed(2)} % (${r.coveragePass ? "pass" : "FAIL"}), sequential FP ${(100 * r.sequentialAbsoluteFalsePositiveRate).toFixed(2)} %`);
  }
  console.log(`${pass ? "PASS" : "FAIL"} in ${seconds.toFixed(1)} s → bench/results/aa-simulation.json`);
  process.exitCode = pass ? 0 : 1;
}

main();
