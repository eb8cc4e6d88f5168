import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import type { CrmListAdapter, ListMemberOutcome } from "../integrations/crm/list-types";
import type { CrmError, CrmProvider } from "../integrations/crm/types";
import { SqlParams } from "../lib/sql-params";
import { recordAudit } from "../models/audit.server";
import { audienceSettings, forgetAudienceSettings } from "./audiences-settings.server";
import { crmListAdapterFor, markCrmError, markCrmSynced } from "./crm-connections.server";

// Staged audience changes (AudienceMember rows in add | remove) to CRM lists, in the shape of the
// score sync (crm-sync.server.ts): batches per audience and direction, whole-call errors decide the
// run (rate limited: the rest later; credentials: stop and tell the merchant; outage: throw, the
// queue retries), per-contact outcomes are recorded with one audit entry per batch. Adding a member
// twice or removing a non-member is a no-op in HubSpot, so a batch re-sent after a crash is harmless.

export const MAX_ATTEMPTS = 5;

type Pending = { audienceId: string; customerGid: string; email: string; status: "add" | "remove"; attempts: number; changedAt: Date };

export type AudienceSyncRun = {
  sent: number;
  done: number;
  failed: number;
  /** Set when the CRM asked us to wait: the caller schedules the rest after this long. */
  retryAfterMs: number | null;
  /** Set when the CRM refused the sync as a whole and a person must act. */
  stopped: string | null;
};

export class AudienceSyncUnavailableError extends Error {}

export type AudienceSyncOptions = { now?: Date; minIntervalMs?: number; adapter?: CrmListAdapter };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runAudienceSync(shop: string, provider: CrmProvider, options: AudienceSyncOptions = {}): Promise<AudienceSyncRun> {
  const now = options.now ?? new Date();
  const run: AudienceSyncRun = { sent: 0, done: 0, failed: 0, retryAfterMs: null, stopped: null };
  const adapter = options.adapter ?? (await crmListAdapterFor(shop, provider));
  if (!adapter) return run;
  // Read afresh, not from the cache: a list id changed on the page must not get changes meant for the new list.
  forgetAudienceSettings(shop);
  const listOf = new Map((await audienceSettings(shop)).doc.audiences.map((a) => [a.id, a.listId]));
  const minInterval = options.minIntervalMs ?? (provider === "hubspot" ? 250 : 0); // two HubSpot calls per batch; 100 per 10 s
  let lastCall = 0;

  const groups = await prisma.audienceMember.groupBy({ by: ["audienceId", "status"], where: { shop, provider, status: { in: ["add", "remove"] } } });
  for (const group of groups) {
    const status = group.status as Pending["status"];
    const listId = listOf.get(group.audienceId);
    let after = "";
    for (;;) {
      const batch = (await prisma.audienceMember.findMany({
        where: { shop, provider, audienceId: group.audienceId, status, customerGid: { gt: after } },
        orderBy: { customerGid: "asc" },
        take: adapter.maxBatch,
        select: { audienceId: true, customerGid: true, email: true, status: true, attempts: true, changedAt: true },
      })) as Pending[];
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.customerGid;
      if (!listId) {
        await record(shop, provider, { listId: null, status, now }, batch.map((p) => ({ p, outcome: { email: p.email, ok: false, retryable: false, error: `audience ${p.audienceId} is no longer configured` } })));
        run.failed += batch.length;
        continue;
      }
      const wait = lastCall + minInterval - Date.now();
      if (wait > 0) await sleep(wait);
      lastCall = Date.now();
      const emails = batch.map((p) => p.email);
      const result = status === "add" ? await adapter.addToList(listId, emails) : await adapter.removeFromList(listId, emails);
      if (!result.ok) {
        const verdict = await wholeCall(shop, provider, run, result.error);
        if (verdict) return verdict;
        // Refused as a whole (an unknown or DYNAMIC list): this batch fails, the other audiences go on.
        await record(shop, provider, { listId, status, now }, batch.map((p) => ({ p, outcome: { email: p.email, ok: false, retryable: false, error: result.error.message } })));
        run.sent += batch.length;
        run.failed += batch.length;
        continue;
      }
      run.sent += batch.length;
      const counts = await record(shop, provider, { listId, status, now }, batch.map((p, i) => ({ p, outcome: result.data[i] ?? { email: p.email, ok: false, retryable: true, error: "the CRM reported nothing for this contact" } })));
      run.done += counts.done;
      run.failed += counts.failed;
    }
  }
  if (run.sent > 0) await markCrmSynced(shop, provider, now);
  return run;
}

/** A whole-call error that ends the run, or null for one that only fails the batch (`invalid`). */
async function wholeCall(shop: string, provider: CrmProvider, run: AudienceSyncRun, error: CrmError): Promise<AudienceSyncRun | null> {
  if (error.kind === "unavailable") throw new AudienceSyncUnavailableError(`${provider}: ${error.message}`);
  if (error.kind === "rate_limited") return { ...run, retryAfterMs: error.retryAfterMs };
  if (error.kind === "invalid") return null;
  const message = `${provider} refused the list sync (${error.kind}): ${error.message}`;
  await markCrmError(shop, provider, message);
  await recordAudit(prisma, { shop, event: "audiences.sync_failed", actor: "system", entity: `crm:${provider}`, after: { provider, kind: error.kind, sentBefore: run.sent }, reasons: [message] });
  return { ...run, stopped: message };
}

/**
 * Records a batch's outcomes. A row moves only if it is still the change that was sent (same status
 * and changedAt): one re-staged meanwhile (the customer left or came back) stays pending.
 */
async function record(shop: string, provider: CrmProvider, sent: { listId: string | null; status: Pending["status"]; now: Date }, items: Array<{ p: Pending; outcome: ListMemberOutcome }>) {
  const rows = items.map(({ p, outcome }) => {
    if (outcome.ok) return { p, next: sent.status === "add" ? "member" : "removed", error: null as string | null };
    const retry = outcome.retryable && p.attempts + 1 < MAX_ATTEMPTS;
    return { p, next: retry ? sent.status : "failed", error: outcome.error };
  });
  const synced = (s: string) => s === "member" || s === "removed";
  const p = new SqlParams();
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `UPDATE "AudienceMember" m SET
         status = x.s,
         attempts = CASE WHEN x.s IN ('member', 'removed') THEN 0 ELSE m.attempts + 1 END,
         "lastError" = x.err,
         "syncedAt" = CASE WHEN x.s IN ('member', 'removed') THEN ${p.add(sent.now.toISOString(), "timestamp")} ELSE m."syncedAt" END
       FROM unnest(${p.add(rows.map((r) => r.p.customerGid), "text[]")}, ${p.add(rows.map((r) => r.next), "text[]")}, ${p.add(rows.map((r) => r.error), "text[]")},
                   ${p.add(rows.map((r) => r.p.changedAt.toISOString()), "timestamp[]")}) AS x(g, s, err, changed)
       WHERE m.shop = ${p.add(shop, "text")} AND m.provider = ${p.add(provider, "text")} AND m."audienceId" = ${p.add(items[0]!.p.audienceId, "text")}
         AND m."customerGid" = x.g AND m.status = ${p.add(sent.status, "text")} AND m."changedAt" = x.changed`,
      ...p.values,
    );
    const done = rows.filter((r) => synced(r.next)).length;
    await recordAudit(tx, {
      shop,
      event: "audiences.synced",
      actor: "system",
      entity: `audience:${items[0]!.p.audienceId}`,
      after: {
        provider,
        audienceId: items[0]!.p.audienceId,
        listId: sent.listId,
        change: sent.status,
        sent: rows.length,
        customers: rows.map((r) => ({ customerGid: r.p.customerGid, outcome: r.next, ...(r.error ? { error: r.error.slice(0, 200) } : {}) })),
      } as Prisma.InputJsonValue,
      reasons: [`${done} of ${rows.length} ${sent.status === "add" ? "added to" : "removed from"} ${provider} list ${sent.listId ?? "(none)"}`, ...rows.filter((r) => r.error).slice(0, 5).map((r) => `${r.p.customerGid}: ${r.error}`)],
    });
  });
  return { done: rows.filter((r) => synced(r.next)).length, failed: rows.filter((r) => r.next === "failed").length };
}
