import { randomUUID } from "node:crypto";
import { z } from "zod";
import prisma from "../db.server";
import { draftReasoning } from "../integrations/openai/draft-reasoning.server";
import type { CompletionDeps } from "../integrations/openai/structured-completion.server";
import { recordAudit } from "../models/audit.server";
import { llmConfigFor } from "./llm-settings.server";

// Next-best-action reasoning drafted by the shop's language model (issue 5). Without a model the
// scoring job's template text stays and nothing is sent anywhere.
//
// CustomerScore has no column saying who wrote `reasoning`, and scoreShop rewrites every row with
// the template text on each run. So each draft's `llm.call` audit entry carries, besides the call's
// cost, the action and tier it was written for and the text itself (checked free of personal data
// by draftReasoning). That entry is what a later run restores from when neither changed, and what
// the profile page reads to say "Drafted by <model>" only when the stored text is that draft.

export const NBA_REASONING_TASK = "nba_reasoning";
export const DEFAULT_DRAFT_LIMIT = 50;
// A model that times out or errors three customers in a row is down: the rest keep their templates
// instead of each spending two attempts.
const MAX_CONSECUTIVE_FAILURES = 3;
const TRANSIENT = new Set(["timeout", "network", "server_error", "rate_limited"]);
// The scoring job that runs this expires after JOB_EXPIRE_SECONDS (120 s by default) and also scores
// and syncs: no call starts that could end past this budget. Customers left over come first next run.
export const DEFAULT_DRAFT_BUDGET_MS = 60_000;
const DAY = 86_400_000;
const PAGE = 500;

export type DraftNbaOptions = { limit?: number; budgetMs?: number; deps?: CompletionDeps };
export type DraftNbaResult = {
  configured: boolean;
  /** Model calls made and how many gave a usable draft. */
  calls: number;
  drafted: number;
  /** Earlier drafts put back after rescoring, without a call. */
  restored: number;
  /** Why the run stopped before `limit` calls with customers left to draft; null otherwise. */
  stopped: "model_failing" | "time_budget" | null;
};

const draftSchema = z.object({ action: z.string(), tier: z.string(), reasoning: z.string().min(1), model: z.string() });
type Draft = z.infer<typeof draftSchema>;

/** The newest usable draft per customer of the shop. */
async function latestDrafts(shop: string): Promise<Map<string, Draft>> {
  const rows = await prisma.$queryRaw<{ customerGid: string; after: unknown }[]>`
    SELECT DISTINCT ON ("customerGid") "customerGid", "after"
    FROM "AuditLog"
    WHERE shop = ${shop} AND event = 'llm.call' AND "customerGid" IS NOT NULL
      AND "after"->>'task' = ${NBA_REASONING_TASK} AND "after"->>'outcome' = 'ok'
    ORDER BY "customerGid", "createdAt" DESC, id DESC`;
  const out = new Map<string, Draft>();
  for (const row of rows) {
    const draft = draftSchema.safeParse(row.after);
    if (draft.success) out.set(row.customerGid, draft.data);
  }
  return out;
}

/** Puts drafts back on customers whose action and tier are what the draft was written for. */
async function restore(shop: string, drafts: Map<string, Draft>): Promise<number> {
  const gids = [...drafts.keys()];
  let restored = 0;
  for (let i = 0; i < gids.length; i += PAGE) {
    const rows = await prisma.customerScore.findMany({ where: { shop, customerGid: { in: gids.slice(i, i + PAGE) } }, select: { customerGid: true, tier: true, nextBestAction: true, reasoning: true } });
    for (const row of rows) {
      const draft = drafts.get(row.customerGid)!;
      if (draft.action !== row.nextBestAction || draft.tier !== row.tier || draft.reasoning === row.reasoning) continue;
      const { count } = await prisma.customerScore.updateMany({
        where: { shop, customerGid: row.customerGid, nextBestAction: draft.action, tier: draft.tier },
        data: { reasoning: draft.reasoning },
      });
      restored += count;
    }
  }
  return restored;
}

const scoreFields = { customerGid: true, tier: true, nextBestAction: true, reasoning: true, clvMinor: true, churnRisk: true, lastOrderAt: true, daysOverdue: true, expectedPurchases12m: true, topCategory: true } as const;

/**
 * Drafts reasoning texts with the shop's model for at most `limit` customers (highest CLV first)
 * whose action or tier changed since their last draft, or that never had one, one call at a time;
 * puts earlier drafts back where nothing changed. Every call leaves an `llm.call` audit entry.
 * A failed call keeps the template. Run it after scoreShop and before the scores are synced.
 * @example
 * await scoreShop(shop, now);
 * await draftNbaReasoning(shop, now); // { configured: false, ... } without a model: templates stay
 */
export async function draftNbaReasoning(shop: string, now: Date, options: DraftNbaOptions = {}): Promise<DraftNbaResult> {
  const result: DraftNbaResult = { configured: false, calls: 0, drafted: 0, restored: 0, stopped: null };
  const clock = options.deps?.now ?? (() => performance.now());
  const started = clock();
  const config = await llmConfigFor(shop);
  if (!config) return result;
  result.configured = true;

  const drafts = await latestDrafts(shop);
  result.restored = await restore(shop, drafts);

  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_DRAFT_LIMIT));
  const budgetMs = options.budgetMs ?? DEFAULT_DRAFT_BUDGET_MS;
  // A call ends within two timeouts (structuredCompletion's bound).
  const worstCallMs = 2 * config.timeoutMs;
  let failures = 0;
  let cursor: string | undefined;
  while (result.calls < limit) {
    const page = await prisma.customerScore.findMany({
      where: { shop },
      orderBy: [{ clvMinor: "desc" }, { customerGid: "asc" }],
      select: { id: true, ...scoreFields },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1]!.id;
    for (const score of page) {
      if (result.calls >= limit) break;
      const last = drafts.get(score.customerGid);
      if (last && last.action === score.nextBestAction && last.tier === score.tier) continue;
      if (clock() - started + worstCallMs > budgetMs) {
        result.stopped = "time_budget";
        return result;
      }

      result.calls++;
      const outcome = await draftReasoning(
        config,
        {
          tier: score.tier,
          clvMinor: score.clvMinor,
          churnRisk: score.churnRisk,
          daysSinceLastOrder: Math.max(0, Math.floor((now.getTime() - score.lastOrderAt.getTime()) / DAY)),
          daysOverdue: score.daysOverdue,
          expectedPurchases12m: score.expectedPurchases12m,
          topCategory: score.topCategory,
          action: score.nextBestAction,
          template: score.reasoning,
        },
        options.deps,
      );
      const call = outcome.ok ? outcome.data.call : outcome.call;
      const written = { action: score.nextBestAction, tier: score.tier };
      await prisma.$transaction(async (tx) => {
        // Only onto the row it was written for: a rescore in the meantime keeps its own template.
        if (outcome.ok) await tx.customerScore.updateMany({ where: { shop, customerGid: score.customerGid, nextBestAction: written.action, tier: written.tier }, data: { reasoning: outcome.data.reasoning } });
        await recordAudit(tx, {
          shop,
          event: "llm.call",
          actor: "ai",
          entity: randomUUID(),
          workflow: "customer_nba",
          customerGid: score.customerGid,
          // The error message is left out (vendor text); the draft is in, for restores and labels.
          after: { ...call, configSource: config.source, task: NBA_REASONING_TASK, ...written, ...(outcome.ok ? { reasoning: outcome.data.reasoning } : {}) },
          reasons: [outcome.ok ? `drafted the reasoning for ${written.action} (${written.tier})` : `LLM call failed (${outcome.error.kind}); kept the template reasoning`],
        });
      });
      if (outcome.ok) result.drafted++;
      failures = !outcome.ok && TRANSIENT.has(outcome.error.kind) ? failures + 1 : 0;
      if (failures >= MAX_CONSECUTIVE_FAILURES) {
        result.stopped = "model_failing";
        return result;
      }
    }
    if (page.length < PAGE) break;
  }
  return result;
}

export type ReasoningOrigin = { kind: "llm"; model: string; label: string } | { kind: "template"; label: string };

/**
 * Who wrote a customer's stored reasoning: the model, when the text is one of its audited drafts
 * for this customer; else the template. Never says AI for text the model did not write.
 */
export async function reasoningOrigin(shop: string, customerGid: string, reasoning: string): Promise<ReasoningOrigin> {
  const entry = await prisma.auditLog.findFirst({
    where: {
      shop,
      event: "llm.call",
      customerGid,
      AND: [{ after: { path: ["task"], equals: NBA_REASONING_TASK } }, { after: { path: ["reasoning"], equals: reasoning } }],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { after: true },
  });
  const draft = entry ? draftSchema.safeParse(entry.after) : null;
  if (!draft?.success) return { kind: "template", label: "Template" };
  const model = draft.data.model.slice(0, 100);
  return { kind: "llm", model, label: `Drafted by ${model}` };
}
