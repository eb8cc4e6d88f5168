// CLV model speed: fitting CDNOW (issue 5 target < 200 ms) and scoring 1,000,000 customers with
// expected purchases, P(alive) and 12-month discounted CLV (target < 5 s), on this machine.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import {
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  lifetimeValue,
  probabilityAlive,
  seededRng,
  simulateBgNbd,
  simulateMeanSpend,
  type CustomerSummary,
} from "../app/engine/clv";
import { readSummaries } from "../cli/commands/clv-csv";

const ROOT = resolve(import.meta.dirname, "..");
const CDNOW = resolve(ROOT, "../shared/reference/datasets/cdnow/cdnow_customers_summary_with_transactions.csv");
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const FIT_RUNS = 15;
const TARGET = { fitMs: 200, scoreSeconds: 5 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1) => Number(x.toFixed(d));

function timeFits(rows: CustomerSummary[]) {
  const bg: number[] = [];
  const gg: number[] = [];
  let bgFit = fitBgNbd(rows); // warm-up (JIT)
  let ggFit = fitGammaGamma(rows);
  for (let i = 0; i < FIT_RUNS; i++) {
    let t0 = performance.now();
    bgFit = fitBgNbd(rows);
    bg.push(performance.now() - t0);
    t0 = performance.now();
    ggFit = fitGammaGamma(rows);
    gg.push(performance.now() - t0);
  }
  if (bgFit.status !== "ok" || ggFit.status !== "ok") throw new Error("CDNOW fits failed");
  return { bgFit, ggFit, bgMs: { median: round(median(bg)), min: round(Math.min(...bg)) }, ggMs: { median: round(median(gg)), min: round(Math.min(...gg)) } };
}

const present = existsSync(CDNOW);
if (!present) console.warn(`CDNOW not found at ${CDNOW}: fitting synthetic data of the same size instead.`);
const rng = seededRng(2026);
const BG_CDNOW = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const GG_CDNOW = { p: 6.2488, q: 3.7446, v: 15.4477 };
const fitRows = present
  ? readSummaries(CDNOW, { frequency: "x", recency: "t_x", T: "T", monetary: "zbar" })
  : simulateBgNbd(BG_CDNOW, 2357, 38.86, rng).map((r) => ({ ...r, monetaryValue: simulateMeanSpend(GG_CDNOW, r.frequency, rng) }));
const fits = timeFits(fitRows);
console.log(`fit BG/NBD on ${present ? "CDNOW" : "synthetic"} (${fitRows.length} customers): median ${fits.bgMs.median} ms; Gamma-Gamma: ${fits.ggMs.median} ms`);

// Synthetic shop: customers acquired over a year, observed up to week 52 (weeks, CDNOW parameters).
const generated = performance.now();
const customers = simulateBgNbd(BG_CDNOW, CUSTOMERS, (i) => 1 + (i % 52), rng).map((c) => ({ ...c, monetaryValue: simulateMeanSpend(GG_CDNOW, c.frequency, rng) }));
const generationSeconds = (performance.now() - generated) / 1000;

const bg = fits.bgFit.params;
const gg = fits.ggFit.params;
const expected = new Float64Array(CUSTOMERS);
const alive = new Float64Array(CUSTOMERS);
const clv = new Float64Array(CUSTOMERS);
const t0 = performance.now();
for (let i = 0; i < CUSTOMERS; i++) {
  const c = customers[i]!;
  expected[i] = expectedPurchases(bg, 52, c);
  alive[i] = probabilityAlive(bg, c);
  clv[i] = lifetimeValue(bg, gg, c, { unit: "weeks", monthlyDiscountRate: 0.01 });
}
const scoreSeconds = (performance.now() - t0) / 1000;
let total = 0;
for (const v of clv) total += v;
console.log(`scored ${CUSTOMERS.toLocaleString("en")} customers in ${scoreSeconds.toFixed(2)} s (mean 12-month CLV ${(total / CUSTOMERS).toFixed(2)})`);

const result = {
  benchmark: "CLV models: fit BG/NBD + Gamma-Gamma on CDNOW; score customers (52-week expected purchases, P(alive), 12-month CLV at 1 %/month)",
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  fit: {
    data: present ? "CDNOW summary (2,357 customers, 946 repeat)" : "synthetic, CDNOW-sized",
    runs: FIT_RUNS,
    bgNbdMs: fits.bgMs,
    gammaGammaMs: fits.ggMs,
    bgNbdEvaluations: fits.bgFit.evaluations,
    params: { bgNbd: bg, gammaGamma: gg },
    withinTarget: fits.bgMs.median < TARGET.fitMs,
  },
  score: {
    customers: CUSTOMERS,
    seconds: round(scoreSeconds, 2),
    customersPerSecond: Math.round(CUSTOMERS / scoreSeconds),
    generationSecondsExcluded: round(generationSeconds, 2),
    meanClv: round(total / CUSTOMERS, 2),
    withinTarget: scoreSeconds < TARGET.scoreSeconds,
  },
  target: TARGET,
};
mkdirSync(resolve(ROOT, "bench/results"), { recursive: true });
writeFileSync(resolve(ROOT, "bench/results/clv.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log("written bench/results/clv.json");
