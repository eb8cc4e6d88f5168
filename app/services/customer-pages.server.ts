import { ACTIVE_STATUSES, latestRun, type BackfillStatus } from "../models/backfill-run.server";
import { atRiskHighValue, countOrdersWithCustomer, currentClvs, customerNames, findScore, recentModelRuns, tierCounts } from "../models/customer-scores.server";
import { quantileSorted, TIERS, type BgNbdParams, type CalibrationResult, type GammaGammaParams, type ScoreDrift } from "../engine/clv";
import { reasoningOrigin } from "./nba-reasoning.server";

/** The JSON columns as scoreShop writes them (non-finite numbers stored as null). */
export type StoredCalibration = CalibrationResult | { status: "skipped"; reason: string };
export type StoredParams = { bgnbd: BgNbdParams; gammaGamma: GammaGammaParams | null } | null;

// What the Customers pages show: plain JSON-ready data built from the stored scores and runs.

const GID_PREFIX = "gid://shopify/Customer/";

/** The profile URL carries the numeric part of the customer GID. */
export const customerPathId = (gid: string) => (gid.startsWith(GID_PREFIX) ? gid.slice(GID_PREFIX.length) : null);

export type HistogramBin = { lowerMinor: number; upperMinor: number; customers: number };

/** Ten equal-width bins up to the 99th percentile; the last bin takes the long tail above it. */
export function clvHistogram(values: readonly number[], bins = 10): HistogramBin[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const top = Math.max(quantileSorted(sorted, 0.99), 1);
  const width = Math.ceil(top / bins);
  const out = Array.from({ length: bins }, (_, i) => ({ lowerMinor: i * width, upperMinor: (i + 1) * width, customers: 0 }));
  for (const v of sorted) out[Math.min(bins - 1, Math.max(0, Math.floor(v / width)))]!.customers++;
  return out;
}

function displayName(c: { firstName: string | null; lastName: string | null; email: string | null; redactedAt: Date | null } | undefined, gid: string) {
  if (!c) return gid.replace(GID_PREFIX, "Customer ");
  if (c.redactedAt) return "Redacted customer";
  return [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || gid.replace(GID_PREFIX, "Customer ");
}

/** The latest backfill from the Admin API, for the progress card (counts are customers + orders). */
export async function backfillView(shop: string) {
  const run = await latestRun(shop);
  if (!run) return null;
  const status = run.status as BackfillStatus;
  return {
    id: run.id,
    status,
    active: ACTIVE_STATUSES.includes(status),
    objectCount: run.objectCount,
    importedCount: run.importedCount,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export async function customersOverview(shop: string) {
  const [runs, tiers, clvs, atRisk, orders, backfill] = await Promise.all([
    recentModelRuns(shop, 12),
    tierCounts(shop),
    currentClvs(shop),
    atRiskHighValue(shop),
    countOrdersWithCustomer(shop),
    backfillView(shop),
  ]);
  const names = new Map((await customerNames(shop, atRisk.map((s) => s.customerGid))).map((c) => [c.shopifyGid, c]));
  const latest = runs[0] ?? null;
  return {
    orders,
    backfill,
    latestRun: latest && {
      id: latest.id,
      status: latest.status,
      modelVersion: latest.modelVersion,
      n: latest.n,
      repeatCustomers: latest.repeatCustomers,
      createdAt: latest.createdAt.toISOString(),
      params: latest.params as StoredParams,
      calibration: latest.calibration as StoredCalibration | null,
      drift: latest.drift as ScoreDrift | null,
    },
    driftHistory: runs.map((r) => ({ createdAt: r.createdAt.toISOString(), status: r.status, n: r.n, psi: psiOf(r.drift) })).reverse(),
    tiers: TIERS.map((tier) => ({ tier, customers: tiers.find((t) => t.tier === tier)?.customers ?? 0, clvMinor: tiers.find((t) => t.tier === tier)?.clvMinor ?? 0 })),
    histogram: clvHistogram(clvs),
    atRisk: atRisk.map((s) => ({
      pathId: customerPathId(s.customerGid),
      name: displayName(names.get(s.customerGid), s.customerGid),
      tier: s.tier,
      clvMinor: s.clvMinor,
      churnRisk: s.churnRisk,
      currency: s.currency,
      nextBestAction: s.nextBestAction,
      source: s.source,
    })),
  };
}

function psiOf(drift: unknown): number | null {
  return drift && typeof drift === "object" && "psi" in drift && typeof drift.psi === "number" ? drift.psi : null;
}

/** One customer's score, or null when the id is not a customer of this shop with a score. */
export async function customerProfile(shop: string, pathId: string) {
  if (!/^\d{1,20}$/.test(pathId)) return null;
  const gid = `${GID_PREFIX}${pathId}`;
  const score = await findScore(shop, gid);
  if (!score) return null;
  const [[customer], reasoningSource] = await Promise.all([customerNames(shop, [gid]), reasoningOrigin(shop, gid, score.reasoning)]);
  return {
    name: displayName(customer, gid),
    customerGid: gid,
    source: score.source,
    modelVersion: score.modelVersion,
    clvMinor: score.clvMinor,
    clvLowMinor: score.clvLowMinor,
    clvHighMinor: score.clvHighMinor,
    currency: score.currency,
    expectedPurchases12m: score.expectedPurchases12m,
    pAlive: score.pAlive,
    churnRisk: score.churnRisk,
    daysOverdue: score.daysOverdue,
    orders: score.orders,
    lastOrderAt: score.lastOrderAt.toISOString(),
    topCategory: score.topCategory,
    tier: score.tier,
    nextBestAction: score.nextBestAction,
    nbaRuleId: score.nbaRuleId,
    reasoning: score.reasoning,
    reasoningSource,
    scoredAt: score.scoredAt.toISOString(),
  };
}
