import type { Prisma } from "@prisma/client";
import { customerModelSettings } from "./customer-model-settings.server";
import prisma from "../db.server";
import { calibrationHoldout, scoreCustomers, scoreDrift, seededRng, type CalibrationResult, type Transaction } from "../engine/clv";
import type { AuditEvent } from "../lib/audit-events";
import { recordAudit } from "../models/audit.server";
import { createModelRun, currentClvs, ordersForScoring, replaceScores, type OrderForScoring } from "../models/customer-scores.server";

// Customer intelligence (issue 5): scores a shop's customers from its own order history and keeps
// the run's model health (calibration on a hold-out period, drift against the previous run).

export const CUSTOMERS_SCORED: AuditEvent = "customers.scored";

const DAY = 86_400_000;
/** Up to 26 weeks of hold-out, but never more than a third of the history (the fit needs the rest). */
const MAX_HOLDOUT_DAYS = 182;
const MIN_HISTORY_DAYS = 90;

export type ScoreShopResult = { runId: string; status: "ok" | "insufficient_data"; n: number; repeatCustomers: number; reason: string | null; psi: number | null };

export type Actor = { actor: "user" | "system"; actorId?: string };

/** A stable seed per shop and day, so rescoring the same data the same day gives the same intervals. */
function seedFor(shop: string, now: Date): number {
  let h = 0x811c9dc5;
  for (const ch of `${shop}:${Math.floor(now.getTime() / DAY)}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** The product type bought most often, from Shopify line items (REST `product_type` or GraphQL `productType`). */
export function topCategories(orders: readonly OrderForScoring[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const o of orders) {
    if (!Array.isArray(o.lineItems)) continue;
    for (const item of o.lineItems) {
      if (!item || typeof item !== "object" || Array.isArray(item)) continue;
      const type = (item as Record<string, unknown>).product_type ?? (item as Record<string, unknown>).productType;
      if (typeof type !== "string" || !type.trim()) continue;
      const qty = Number((item as Record<string, unknown>).quantity ?? 1) || 1;
      let c = counts.get(o.customerGid);
      if (!c) counts.set(o.customerGid, (c = new Map()));
      c.set(type.trim(), (c.get(type.trim()) ?? 0) + qty);
    }
  }
  const out = new Map<string, string>();
  for (const [gid, c] of counts) out.set(gid, [...c.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]);
  return out;
}

function calibrate(transactions: Transaction[], now: Date): CalibrationResult | { status: "skipped"; reason: string } {
  if (transactions.length === 0) return { status: "skipped", reason: "no orders" };
  let first = Infinity;
  for (const t of transactions) first = Math.min(first, t.date.getTime());
  const spanDays = Math.floor((now.getTime() - first) / DAY);
  if (spanDays < MIN_HISTORY_DAYS) return { status: "skipped", reason: `${spanDays} days of history; calibration needs at least ${MIN_HISTORY_DAYS}` };
  const holdoutDays = Math.min(MAX_HOLDOUT_DAYS, Math.floor(spanDays / 3));
  return calibrationHoldout(transactions, new Date(now.getTime() - holdoutDays * DAY), now);
}

/** JSON columns take neither NaN nor ±Infinity: store them as null. */
const json = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v))) as Prisma.InputJsonValue;

export async function scoreShop(shop: string, now: Date, by: Actor = { actor: "system" }): Promise<ScoreShopResult> {
  const [orders, model] = await Promise.all([ordersForScoring(shop, now), customerModelSettings(shop)]);
  const transactions: Transaction[] = orders.map((o) => ({ customerId: o.customerGid, date: o.createdAt, amount: o.totalPrice }));
  const result = scoreCustomers(transactions, { now, rng: seededRng(seedFor(shop, now)), topCategories: topCategories(orders), quantiles: model.quantiles, rules: model.nbaRules });
  const calibration = result.status === "ok" ? calibrate(transactions, now) : { status: "skipped", reason: "no model to calibrate (rules)" };
  const previous = await currentClvs(shop);
  const drift = scoreDrift(previous, result.scores.map((s) => s.clvMinor));

  const currencyOf = new Map<string, string>();
  const lastOrder = new Map<string, Date>();
  for (const o of orders) {
    if (!currencyOf.has(o.customerGid)) currencyOf.set(o.customerGid, o.currency);
    const last = lastOrder.get(o.customerGid);
    if (!last || o.createdAt > last) lastOrder.set(o.customerGid, o.createdAt);
  }
  const rows = result.scores.map((s) => ({
    customerGid: s.customerId,
    source: s.source,
    clvMinor: s.clvMinor,
    clvLowMinor: s.clvLowMinor,
    clvHighMinor: s.clvHighMinor,
    currency: currencyOf.get(s.customerId) ?? null,
    expectedPurchases12m: s.expectedPurchases12m,
    pAlive: s.pAlive,
    churnRisk: s.churnRisk,
    daysOverdue: s.daysOverdue,
    frequency: s.frequency,
    orders: s.orders,
    lastOrderAt: lastOrder.get(s.customerId)!,
    topCategory: s.topCategory,
    tier: s.tier,
    nextBestAction: s.nextBestAction,
    nbaRuleId: s.nbaRuleId,
    reasoning: s.reasoning,
    modelVersion: result.modelVersion,
    scoredAt: now,
  }));

  const psi = drift.status === "ok" ? drift.psi : null;
  const runId = await prisma.$transaction(
    async (tx) => {
      await replaceScores(tx, shop, rows);
      const run = await createModelRun(tx, {
        shop,
        status: result.status,
        modelVersion: result.modelVersion,
        params: result.bgnbd ? json({ bgnbd: result.bgnbd, gammaGamma: result.gammaGamma }) : undefined,
        logLikelihood: result.logLikelihood,
        n: result.n,
        repeatCustomers: result.repeatCustomers,
        tierThresholds: json(result.thresholds),
        calibration: json(calibration),
        drift: json(drift),
        createdAt: now,
      });
      await recordAudit(tx, {
        shop,
        event: CUSTOMERS_SCORED,
        actor: by.actor,
        actorId: by.actorId,
        entity: run.id,
        after: json({ status: result.status, modelVersion: result.modelVersion, n: result.n, repeatCustomers: result.repeatCustomers, psi }),
        reasons: [result.reason ?? `BG/NBD + Gamma-Gamma fitted on ${result.repeatCustomers} repeat customers`],
      });
      return run.id;
    },
    { timeout: 60_000 },
  );
  return { runId, status: result.status, n: result.n, repeatCustomers: result.repeatCustomers, reason: result.reason, psi };
}
