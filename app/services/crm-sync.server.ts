import { createHash, randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import type { CrmAdapter, CrmContact, CrmError, CrmProvider, CrmResult, CrmUpsertOutcome } from "../integrations/crm/types";
import { SqlParams } from "../lib/sql-params";
import { queue, QUEUES } from "../queue.server";
import { z } from "zod";
import { recordAudit } from "../models/audit.server";
import { connectedCrms, crmAdapterFor, markCrmError, markCrmSynced } from "./crm-connections.server";

// Customer scores to CRMs through an outbox (CrmSyncItem). Staging writes what each contact should
// hold; a sync run sends pending rows in the CRM's batch size and records, per contact, what the CRM
// acknowledged. Both CRMs upsert on a key we choose (email, or the Shopify customer id as an
// external id), so a batch sent again after a crash rewrites the same records: nothing is lost
// (unacknowledged rows stay pending) and nothing is doubled. A tier change for a customer with a
// support ticket in the last week waits for a person instead of syncing.

export const REVIEW_WINDOW_DAYS = 7;
export const MAX_ATTEMPTS = 5;
type Tier = CrmContact["fields"]["tier"];

export type SyncItemRow = {
  customerGid: string;
  email: string;
  payload: Prisma.JsonValue;
  payloadHash: string;
  tier: string;
  syncedTier: string | null;
  reviewTier: string | null;
  reviewVerdict: string | null;
  attempts: number;
};

/** What a CRM should hold for a customer: stable JSON, so an unchanged score hashes the same. */
export function contactPayload(score: { customerGid: string; clvMinor: number; currency: string | null; tier: string; churnRisk: number; nextBestAction: string; reasoning: string; scoredAt: Date }, customer: { email: string; firstName: string | null; lastName: string | null }): CrmContact {
  return {
    customerGid: score.customerGid,
    email: customer.email.trim().toLowerCase(),
    firstName: customer.firstName,
    lastName: customer.lastName,
    fields: {
      predictedClv: score.clvMinor / 100,
      currency: score.currency ?? "USD",
      tier: score.tier as Tier,
      churnRisk: Math.round(score.churnRisk * 1000) / 1000,
      nextBestAction: score.nextBestAction,
      reasoning: score.reasoning,
      scoredAt: score.scoredAt.toISOString(),
    },
  };
}

// The scoring time is left out of the hash: a nightly rescore that changes nothing sends nothing.
export function payloadHash(contact: CrmContact): string {
  const { scoredAt: _scoredAt, ...fields } = contact.fields;
  return createHash("sha256").update(JSON.stringify([contact.email, contact.firstName, contact.lastName, fields])).digest("hex").slice(0, 32);
}

/** A tier change needs a person when the CRM already holds another tier and nobody approved this one. */
export function needsReview(item: Pick<SyncItemRow, "tier" | "syncedTier" | "reviewTier" | "reviewVerdict">): boolean {
  if (item.syncedTier === null || item.syncedTier === item.tier) return false;
  return !(item.reviewTier === item.tier && item.reviewVerdict === "approved");
}

/**
 * Stages every scored customer with an email for one CRM. Rows whose payload is unchanged keep
 * their state; a changed payload goes back to pending (or stays in review / held for the same tier).
 */
export async function stageCrmSync(shop: string, provider: CrmProvider): Promise<{ staged: number; changed: number }> {
  const rows = await prisma.$queryRaw<Array<{ customerGid: string; clvMinor: number; currency: string | null; tier: string; churnRisk: number; nextBestAction: string; reasoning: string; scoredAt: Date; email: string; firstName: string | null; lastName: string | null }>>`
    SELECT s."customerGid", s."clvMinor", s.currency, s.tier, s."churnRisk", s."nextBestAction", s.reasoning, s."scoredAt", c.email, c."firstName", c."lastName"
    FROM "CustomerScore" s JOIN "Customer" c ON c.shop = s.shop AND c."shopifyGid" = s."customerGid"
    WHERE s.shop = ${shop} AND c.email IS NOT NULL AND c.email <> '' AND c."redactedAt" IS NULL`;
  let changed = 0;
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => contactPayload(r, r));
    const p = new SqlParams();
    const result = await prisma.$executeRawUnsafe(
      `INSERT INTO "CrmSyncItem" (shop, provider, "customerGid", email, payload, "payloadHash", tier, status, "updatedAt")
       SELECT ${p.add(shop, "text")}, ${p.add(provider, "text")}, x.g, x.e, x.p::jsonb, x.h, x.t, 'pending', now()
       FROM unnest(${p.add(chunk.map((c) => c.customerGid), "text[]")}, ${p.add(chunk.map((c) => c.email), "text[]")}, ${p.add(chunk.map((c) => JSON.stringify(c)), "text[]")},
                   ${p.add(chunk.map(payloadHash), "text[]")}, ${p.add(chunk.map((c) => c.fields.tier), "text[]")}) AS x(g, e, p, h, t)
       ON CONFLICT (shop, provider, "customerGid") DO UPDATE SET
         email = EXCLUDED.email, payload = EXCLUDED.payload, "payloadHash" = EXCLUDED."payloadHash", tier = EXCLUDED.tier, attempts = 0, "lastError" = NULL, "updatedAt" = now(),
         status = CASE
           WHEN EXCLUDED."payloadHash" = "CrmSyncItem"."syncedHash" THEN 'synced'
           WHEN "CrmSyncItem".status = 'review' AND EXCLUDED.tier = "CrmSyncItem".tier THEN 'review'
           WHEN "CrmSyncItem"."reviewVerdict" = 'rejected' AND "CrmSyncItem"."reviewTier" = EXCLUDED.tier THEN 'held'
           ELSE 'pending' END
       WHERE "CrmSyncItem"."payloadHash" IS DISTINCT FROM EXCLUDED."payloadHash"`,
      ...p.values,
    );
    changed += result;
  }
  return { staged: rows.length, changed };
}

export type CrmSyncRun = {
  sent: number;
  synced: number;
  failed: number;
  review: number;
  /** Set when the CRM asked us to wait: the caller schedules the rest after this long. */
  retryAfterMs: number | null;
  /** Set when the CRM refused the sync as a whole and a person must act (credentials, a bad request). */
  stopped: string | null;
};

export class CrmUnavailableError extends Error {}

export type SyncOptions = { now?: Date; minIntervalMs?: number; adapter?: CrmAdapter };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends every pending row of one shop's CRM, batch by batch. Throws CrmUnavailableError to be retried later. */
export async function runCrmSync(shop: string, provider: CrmProvider, options: SyncOptions = {}): Promise<CrmSyncRun> {
  const now = options.now ?? new Date();
  const run: CrmSyncRun = { sent: 0, synced: 0, failed: 0, review: 0, retryAfterMs: null, stopped: null };
  const adapter = options.adapter ?? (await crmAdapterFor(shop, provider));
  if (!adapter) return run;
  const minInterval = options.minIntervalMs ?? (provider === "hubspot" ? 120 : 0); // HubSpot: 100 requests per 10 s
  let lastCall = 0;
  const pace = async () => {
    const wait = lastCall + minInterval - Date.now();
    if (wait > 0) await sleep(wait);
    lastCall = Date.now();
  };
  let after = "";
  for (;;) {
    const batch = await prisma.$queryRaw<SyncItemRow[]>`
      SELECT "customerGid", email, payload, "payloadHash", tier, "syncedTier", "reviewTier", "reviewVerdict", attempts
      FROM "CrmSyncItem" WHERE shop = ${shop} AND provider = ${provider} AND status = 'pending' AND "customerGid" > ${after}
      ORDER BY "customerGid" LIMIT ${adapter.maxBatch}`;
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.customerGid;

    const toReview = batch.filter(needsReview);
    let held = new Set<string>();
    if (toReview.length > 0) {
      await pace();
      const tickets = await adapter.openSupportTickets(toReview.map((i) => i.email), new Date(now.getTime() - REVIEW_WINDOW_DAYS * 86_400_000));
      if (!tickets.ok) return stop(shop, provider, run, tickets.error);
      const flagged = toReview.filter((i) => tickets.data.has(i.email.toLowerCase()));
      await holdForReview(shop, provider, flagged, now);
      held = new Set(flagged.map((i) => i.customerGid));
      run.review += flagged.length;
    }
    const sending = batch.filter((i) => !held.has(i.customerGid));
    if (sending.length === 0) continue;
    const result = await upsertIsolating(adapter, sending, pace);
    if (!result.ok) return stop(shop, provider, run, result.error);
    run.sent += sending.length;
    const counts = await recordOutcomes(shop, provider, sending, result.data, now);
    run.synced += counts.synced;
    run.failed += counts.failed;
  }
  if (run.sent > 0 || run.review > 0) await markCrmSynced(shop, provider, now);
  return run;
}

/**
 * Some CRMs refuse a whole batch (HTTP 400) over one bad value instead of answering per contact.
 * Such a batch is halved until the refusal is pinned on single contacts, which fail alone with the
 * CRM's message; the others are sent. Any other whole-call error ends the run as it is.
 */
async function upsertIsolating(adapter: CrmAdapter, items: SyncItemRow[], pace: () => Promise<void>): Promise<CrmResult<CrmUpsertOutcome[]>> {
  await pace();
  const result = await adapter.upsertContacts(items.map((i) => i.payload as unknown as CrmContact));
  if (result.ok || result.error.kind !== "invalid") return result;
  if (items.length === 1) return { ok: true, data: [{ customerGid: items[0]!.customerGid, ok: false, retryable: false, error: result.error.message }] };
  const half = Math.ceil(items.length / 2);
  const outcomes: CrmUpsertOutcome[] = [];
  for (const part of [items.slice(0, half), items.slice(half)]) {
    const r = await upsertIsolating(adapter, part, pace);
    if (!r.ok) return r;
    outcomes.push(...r.data);
  }
  return { ok: true, data: outcomes };
}

async function stop(shop: string, provider: CrmProvider, run: CrmSyncRun, error: CrmError): Promise<CrmSyncRun> {
  if (error.kind === "unavailable") throw new CrmUnavailableError(`${provider}: ${error.message}`);
  if (error.kind === "rate_limited") return { ...run, retryAfterMs: error.retryAfterMs };
  const message = `${provider} refused the sync (${error.kind}): ${error.message}`;
  await markCrmError(shop, provider, message);
  await recordAudit(prisma, { shop, event: "crm.sync_failed", actor: "system", entity: `crm:${provider}`, after: { provider, kind: error.kind, sentBefore: run.sent }, reasons: [message] });
  return { ...run, stopped: message };
}

/**
 * Marks what the CRM acknowledged. A row counts as synced only if its payload is still the one that
 * was sent: a rescore that staged a newer payload meanwhile keeps it pending.
 */
async function recordOutcomes(shop: string, provider: CrmProvider, sent: SyncItemRow[], outcomes: CrmUpsertOutcome[], now: Date) {
  const byGid = new Map(outcomes.map((o) => [o.customerGid, o]));
  const rows = sent.map((item) => {
    const o = byGid.get(item.customerGid);
    if (o?.ok) return { item, status: "synced", remoteId: o.remoteId, error: null, created: o.created };
    const error = o ? o.error : "the CRM did not report on this contact";
    const retry = (o ? o.retryable : true) && item.attempts + 1 < MAX_ATTEMPTS;
    return { item, status: retry ? "pending" : "failed", remoteId: null, error, created: false };
  });
  const p = new SqlParams();
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `UPDATE "CrmSyncItem" i SET
         status = CASE WHEN x.s = 'synced' AND i."payloadHash" <> x.h THEN 'pending' ELSE x.s END,
         "syncedHash" = CASE WHEN x.s = 'synced' THEN x.h ELSE i."syncedHash" END,
         "syncedTier" = CASE WHEN x.s = 'synced' THEN x.t ELSE i."syncedTier" END,
         "syncedAt" = CASE WHEN x.s = 'synced' THEN ${p.add(now.toISOString(), "timestamp")} ELSE i."syncedAt" END,
         "remoteId" = COALESCE(x.r, i."remoteId"),
         "lastError" = x.err,
         attempts = CASE WHEN x.s = 'synced' THEN 0 ELSE i.attempts + 1 END,
         "updatedAt" = now()
       FROM unnest(${p.add(rows.map((r) => r.item.customerGid), "text[]")}, ${p.add(rows.map((r) => r.status), "text[]")}, ${p.add(rows.map((r) => r.item.payloadHash), "text[]")},
                   ${p.add(rows.map((r) => r.item.tier), "text[]")}, ${p.add(rows.map((r) => r.remoteId), "text[]")}, ${p.add(rows.map((r) => r.error), "text[]")}) AS x(g, s, h, t, r, err)
       WHERE i.shop = ${p.add(shop, "text")} AND i.provider = ${p.add(provider, "text")} AND i."customerGid" = x.g`,
      ...p.values,
    );
    await recordAudit(tx, {
      shop,
      event: "crm.synced",
      actor: "system",
      entity: `crm:${provider}`,
      after: {
        provider,
        sent: rows.length,
        contacts: rows.map((r) => ({ customerGid: r.item.customerGid, outcome: r.status === "synced" ? (r.created ? "created" : "updated") : r.status, tier: r.item.tier, ...(r.error ? { error: r.error.slice(0, 200) } : {}) })),
      } as Prisma.InputJsonValue,
      reasons: [`${rows.filter((r) => r.status === "synced").length} of ${rows.length} contacts written to ${provider}`, ...rows.filter((r) => r.error).slice(0, 5).map((r) => `${r.item.customerGid}: ${r.error}`)],
    });
  });
  return { synced: rows.filter((r) => r.status === "synced").length, failed: rows.filter((r) => r.status === "failed").length };
}

/** Parks each flagged row in review and opens one approval for it, in one transaction per row. */
async function holdForReview(shop: string, provider: CrmProvider, items: SyncItemRow[], now: Date) {
  const ttlMs = 7 * 86_400_000; // a person has the review window itself to answer
  for (const item of items) {
    await prisma.$transaction(async (tx) => {
      const moved = await tx.crmSyncItem.updateMany({ where: { shop, provider, customerGid: item.customerGid, status: "pending" }, data: { status: "review" } });
      if (moved.count === 0) return;
      const subject = { provider, customerGid: item.customerGid, fromTier: item.syncedTier, toTier: item.tier };
      const reason = `${item.customerGid} has a support ticket open in ${provider} in the last ${REVIEW_WINDOW_DAYS} days`;
      await tx.approval.create({
        data: {
          id: randomUUID(),
          shop,
          kind: "crm_tier_change",
          subject,
          workflow: "customer_nba",
          actionType: "crm_tier_change",
          proposedAction: { type: "crm_tier_change", ...subject },
          status: "pending",
          cartValueMinor: 0,
          discountMinor: 0,
          reasons: [`Tier change ${item.syncedTier} → ${item.tier} for ${provider}`, reason],
          createdAt: now,
          expiresAt: new Date(now.getTime() + ttlMs),
        },
      });
      await recordAudit(tx, { shop, event: "crm.review_requested", actor: "system", entity: `crm:${provider}`, customerGid: item.customerGid, after: subject, reasons: [reason] });
    });
  }
}

/** A person's answer to a held tier change (called inside the approval's transaction). */
export async function applyTierReview(tx: Prisma.TransactionClient, shop: string, subject: { provider: string; customerGid: string; toTier: string }, verdict: "approved" | "rejected" | "expired") {
  const answer = verdict === "approved" ? "approved" : "rejected";
  await tx.crmSyncItem.updateMany({
    where: { shop, provider: subject.provider, customerGid: subject.customerGid },
    data: { reviewTier: subject.toTier, reviewVerdict: answer },
  });
  // Only a row still waiting on this very tier moves; a rescore may have changed it meanwhile.
  await tx.crmSyncItem.updateMany({
    where: { shop, provider: subject.provider, customerGid: subject.customerGid, status: "review", tier: subject.toTier },
    data: { status: answer === "approved" ? "pending" : "held" },
  });
}

const reviewSubject = z.object({ provider: z.enum(["hubspot", "salesforce"]), customerGid: z.string(), fromTier: z.string().nullable(), toTier: z.string() });
export type CrmReviewSubject = z.infer<typeof reviewSubject>;
export function crmReviewSubject(value: unknown): CrmReviewSubject | null {
  const parsed = reviewSubject.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export type CrmSyncJob = { shop: string; provider: CrmProvider };

/** One sync per shop and CRM at a time: a request while one is queued joins it. */
export async function enqueueCrmSync(shop: string, provider: CrmProvider, startAfterSeconds?: number) {
  const boss = await queue();
  await boss.send(QUEUES.crmSync, { shop, provider } satisfies CrmSyncJob, {
    singletonKey: `${shop}:${provider}`,
    ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
  });
}

/** After a scoring run: stage the new scores for the Shopify write-back and every connected CRM, and queue their syncs. */
export async function stageScoreSyncs(shop: string): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  for (const provider of ["shopify", ...(await connectedCrms(shop))] as CrmProvider[]) {
    changed[provider] = (await stageCrmSync(shop, provider)).changed;
    await enqueueCrmSync(shop, provider);
  }
  return changed;
}
