// decide() latency: 200,000 varied contexts (rule and learning policies, 1–8 cart lines, unknown
// costs, existing codes, budgets, LLM proposals valid and hostile). Each call is timed on its own;
// building the context is not timed. Target: p99 < 5 ms on this machine.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import { seededRng } from "../app/engine/clv";
import { decide, type DecisionContextInput } from "../app/engine/decide";

const ROOT = resolve(import.meta.dirname, "..");
const CONTEXTS = Number(process.env.BENCH_CONTEXTS ?? 200_000);
const WARMUP = 5_000;
const TARGET = { p99Ms: 5 };

const rng = seededRng(2026);
const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const chance = (p: number) => rng() < p;

const TIERS = ["gold", "silver", "bronze"];
const pct = (percent: number) => ({ type: "percentage_discount" as const, percent });
const RULES = [
  { id: "vip", when: [{ field: "customer.tier", op: "eq", value: "gold" }, { field: "cart.subtotalMinor", op: "gte", value: 10_000 }], action: pct(15) },
  { id: "churn", when: [{ field: "customer.churnRisk", op: "gt", value: 0.6 }], action: { type: "fixed_discount" as const, amountMinor: 1500 } },
  { id: "mobile", when: [{ field: "session.device", op: "in", value: ["mobile", "tablet"] }, { field: "cart.marginMinor", op: "exists", value: true }], action: { type: "free_shipping" as const } },
  { id: "apparel", when: [{ field: "cart.collectionIds", op: "contains", value: "c1" }], action: { type: "gift" as const, variantId: "v1" } },
  { id: "future", when: [{ field: "customer.tier", op: "matches", value: "g.*" }], action: pct(50) },
  { id: "default", when: [], action: pct(5) },
];
const ARMS = [
  { id: "none", action: { type: "none" as const } },
  { id: "5pct", action: pct(5) },
  { id: "10pct", action: pct(10) },
  { id: "ship", action: { type: "free_shipping" as const } },
  { id: "fixed", action: { type: "fixed_discount" as const, amountMinor: 1000 } },
];
const PROPOSALS: unknown[] = [
  { action: pct(12), reasons: ["loyal customer"] },
  { action: pct(90), reasons: ["Ignore previous instructions"] },
  { action: { type: "fixed_discount", amountMinor: 1e12 } },
  { action: { type: "gift", variantId: "v3" } },
  { action: { type: "percentage_discount", percent: "90" } },
  "give everything away",
];

function makeContext(i: number): DecisionContextInput {
  const learning = chance(0.4);
  const arms = ARMS.slice(0, int(2, ARMS.length));
  const lines = Array.from({ length: int(1, 8) }, () => {
    const v = int(0, 11);
    const unitPriceMinor = int(500, 20_000);
    return { variantId: `v${v}`, productId: `p${v % 7}`, collectionIds: [`c${v % 4}`], quantity: int(1, 4), unitPriceMinor, unitCostMinor: chance(0.1) ? null : Math.floor(unitPriceMinor * (0.2 + 0.6 * rng())) };
  });
  const stats = () => {
    const n = int(0, 5000);
    const mean = int(-500, 3000);
    return { n, sum: n * mean, sumSquares: n * (mean * mean + 4e6) };
  };
  const tier = pick(TIERS);
  return {
    workflow: "checkout_incentive",
    unitId: `cust-${i}`,
    mode: chance(0.1) ? "shadow" : "live",
    cart: { currency: "USD", lines, existingDiscounts: chance(0.2) ? [{ code: "WELCOME", combinesWithOrder: chance(0.5), combinesWithProduct: true, combinesWithShipping: true }] : [] },
    customer: chance(0.2) ? null : { id: `cust-${i}`, tier, predictedValueMinor: int(0, 100_000), churnRisk: rng(), ordersCount: int(0, 30), isReturning: chance(0.6), country: "US" },
    session: { device: pick(["mobile", "desktop", "tablet"]), country: "US", source: pick(["email", "ads", "direct"]), riskScore: chance(0.5) ? rng() : null },
    history: { offersToCustomerInWindow: int(0, 3), lastOfferAt: chance(0.3) ? "2026-11-22T08:00:00Z" : null, shopDiscountSpentTodayMinor: int(0, 40_000) },
    now: "2026-11-23T12:00:00Z",
    seed: "bench",
    policy: learning
      ? { id: "bandit", version: 3, workflow: "checkout_incentive", mode: "learning", arms, segmentBy: ["customer.tier", "session.device"] }
      : { id: "rules", version: 7, workflow: "checkout_incentive", mode: "rules", rules: RULES },
    guardrails: {
      maxDiscountPercent: pick([10, 15, 20, 30]),
      marginFloor: { percentOfPrice: pick([0, 10, 20]), minMinor: pick([0, 200]) },
      excluded: { collectionIds: chance(0.3) ? ["c3"] : [], productIds: [], variantIds: [] },
      dailyBudgetMinor: chance(0.5) ? 50_000 : null,
      shippingCostEstimateMinor: 700,
    },
    catalog: [{ variantId: "v99", productId: "p99", collectionIds: [], unitPriceMinor: 900, unitCostMinor: 300 }],
    learning: { segments: Object.fromEntries(TIERS.flatMap((t) => ["mobile", "desktop", "tablet"].map((d) => [`customer.tier=${JSON.stringify(t)}&session.device=${JSON.stringify(d)}`, Object.fromEntries(arms.map((a) => [a.id, stats()]))]))) },
    ...(chance(0.3) ? { llmProposal: pick(PROPOSALS) } : {}),
    experimentArm: chance(0.5) ? "treatment" : null,
  };
}

for (let i = 0; i < WARMUP; i++) decide(makeContext(-i - 1));

const times = new Float64Array(CONTEXTS);
const outcomes: Record<string, number> = {};
const sources: Record<string, number> = {};
let wall = 0;
for (let i = 0; i < CONTEXTS; i++) {
  const ctx = makeContext(i);
  const t0 = performance.now();
  const d = decide(ctx);
  const dt = performance.now() - t0;
  times[i] = dt;
  wall += dt;
  outcomes[d.outcome] = (outcomes[d.outcome] ?? 0) + 1;
  sources[d.source] = (sources[d.source] ?? 0) + 1;
}
times.sort();
const q = (p: number) => Number(times[Math.min(CONTEXTS - 1, Math.floor(p * CONTEXTS))]!.toFixed(4));

const result = {
  benchmark: "decide(): one pure decision per varied context (parse, policy or Thompson sampling, LLM proposal, guardrails, thresholds, logged inputs)",
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version },
  contexts: CONTEXTS,
  warmup: WARMUP,
  latencyMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: Number(times[CONTEXTS - 1]!.toFixed(4)), mean: Number((wall / CONTEXTS).toFixed(4)) },
  opsPerSecond: Math.round(CONTEXTS / (wall / 1000)),
  mix: { outcomes, sources },
  // Measured here: the tail above p95 is young-generation GC, the same for every policy mode; with
  // --max-semi-space-size=64 the p99 falls to about p95. Default heap settings are what is reported.
  note: "tail latency (p99, max) is dominated by minor GC pauses, not by decide() work",
  target: TARGET,
  withinTarget: q(0.99) < TARGET.p99Ms,
};
mkdirSync(resolve(ROOT, "bench/results"), { recursive: true });
writeFileSync(resolve(ROOT, "bench/results/decide.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log("written bench/results/decide.json");
