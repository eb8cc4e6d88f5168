import type { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma from "../db.server";
import { audiencesDocumentSchema, EMPTY_AUDIENCES, type AudiencesDocument } from "../engine/audiences";
import { readSetting } from "../models/settings.server";
import type { Approver } from "./approvals.server";
import { saveAuditedSetting, type SaveResult } from "./flags.server";
import { enqueueAudienceSync } from "./audiences-queue.server";
import { connectedCrms } from "./crm-connections.server";

// Per shop: the dynamic audience rules, one versioned and audited setting ("audiences"), edited as
// JSON on the Audiences page. A stored document that no longer parses means no audience is active
// (fail closed) until someone fixes it; the page says so.

export type AudienceSettings = { doc: AudiencesDocument; version: number; invalid: boolean };

const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; settings: AudienceSettings }>();

export async function audienceSettings(shop: string, now = Date.now()): Promise<AudienceSettings> {
  const hit = cache.get(shop);
  if (hit && now - hit.at < CACHE_MS) return hit.settings;
  const row = await readSetting(shop, "audiences");
  const parsed = audiencesDocumentSchema.safeParse(row?.value);
  const settings = row && parsed.success ? { doc: parsed.data, version: row.version, invalid: false } : { doc: EMPTY_AUDIENCES, version: row?.version ?? 0, invalid: Boolean(row) };
  cache.set(shop, { at: now, settings });
  return settings;
}

export function forgetAudienceSettings(shop?: string) {
  if (shop) cache.delete(shop);
  else cache.clear();
}

export const audiencesFormSchema = z.object({ json: z.string().max(100_000), expectedVersion: z.coerce.number().int().min(0) });

/**
 * Saves the rules. Rows of audiences that were removed go with them (their members stay in the CRM
 * list, which the merchant owns); the current members of an audience whose list changed are added
 * to the new list (the old one keeps them).
 */
export async function saveAudiences(shop: string, json: string, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, status: 422, error: "Some values are not valid", fieldErrors: { json: `not JSON: ${(error as Error).message}` } };
  }
  let next: AudiencesDocument | null = null;
  let previous: AudiencesDocument = EMPTY_AUDIENCES;
  const result = await saveAuditedSetting({
    shop,
    key: "audiences",
    event: "audiences.changed",
    actor,
    expectedVersion,
    build: (current) => {
      const parsed = audiencesDocumentSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return { fieldErrors: { json: `${issue.path.join(".") || "document"}: ${issue.message}` } };
      }
      next = parsed.data;
      const stored = audiencesDocumentSchema.safeParse(current?.value);
      if (stored.success) previous = stored.data;
      return { value: parsed.data as unknown as Prisma.InputJsonValue, before: (current?.value ?? EMPTY_AUDIENCES) as Prisma.InputJsonValue, summary: "Dynamic audience rules changed" };
    },
  });
  if (result.ok && next) await followRuleChange(shop, previous, next);
  return result;
}

async function followRuleChange(shop: string, before: AudiencesDocument, after: AudiencesDocument) {
  const kept = after.audiences.map((a) => a.id);
  const moved = after.audiences.filter((a) => before.audiences.some((b) => b.id === a.id && b.listId !== a.listId)).map((a) => a.id);
  await prisma.$transaction([
    prisma.audienceMember.deleteMany({ where: { shop, audienceId: { notIn: kept } } }),
    prisma.audienceMember.deleteMany({ where: { shop, audienceId: { in: moved }, status: { notIn: ["add", "member"] } } }),
    prisma.audienceMember.updateMany({ where: { shop, audienceId: { in: moved } }, data: { status: "add", attempts: 0, lastError: null, changedAt: new Date(), syncedAt: null } }),
  ]);
  forgetAudienceSettings(shop);
  for (const provider of new Set(after.audiences.filter((a) => moved.includes(a.id)).map((a) => a.provider))) await enqueueAudienceSync(shop, provider);
}

export type AudienceCounts = Record<string, Partial<Record<"add" | "member" | "remove" | "removed" | "failed", number>>>;

/** Rows per audience and status: members, pending adds and removals, failures. */
export async function audienceCounts(shop: string): Promise<AudienceCounts> {
  const rows = await prisma.audienceMember.groupBy({ by: ["audienceId", "status"], where: { shop }, _count: { _all: true } });
  const out: AudienceCounts = {};
  for (const r of rows) (out[r.audienceId] ??= {})[r.status as keyof AudienceCounts[string]] = r._count._all;
  return out;
}

export type AudiencesPage = {
  json: string;
  version: number;
  invalid: boolean;
  crmConnected: boolean;
  audiences: Array<{ id: string; name: string; listId: string; enabled: boolean; members: number; pendingAdds: number; pendingRemovals: number; failed: number }>;
};

/** What the Audiences page shows: the rules as JSON, and per audience its members and pending changes. */
export async function audiencesPage(shop: string): Promise<AudiencesPage> {
  forgetAudienceSettings(shop);
  const [settings, counts, crms] = await Promise.all([audienceSettings(shop), audienceCounts(shop), connectedCrms(shop)]);
  return {
    json: JSON.stringify(settings.doc, null, 2),
    version: settings.version,
    invalid: settings.invalid,
    crmConnected: crms.includes("hubspot") || crms.includes("klaviyo"),
    audiences: settings.doc.audiences.map((a) => {
      const c = counts[a.id] ?? {};
      return { id: a.id, name: a.name, listId: a.listId, enabled: a.enabled, members: c.member ?? 0, pendingAdds: c.add ?? 0, pendingRemovals: c.remove ?? 0, failed: c.failed ?? 0 };
    }),
  };
}
