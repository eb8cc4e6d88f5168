import prisma from "../db.server";
import {
  cartVariants,
  evaluateAudiences,
  HIGH_MARGIN,
  longestWindow,
  MAX_WINDOW_DAYS,
  usesEvent,
  usesScore,
  utcDayStart,
  withHighMarginCounts,
  type Audience,
  type BehaviorRow,
  type ScoreFacts,
} from "../engine/audiences";
import { audienceSettings } from "./audiences-settings.server";
import type { MarginLookup } from "./audiences-margins.server";
import { enqueueAudienceSync } from "./audiences-queue.server";
import { connectedCrms } from "./crm-connections.server";

// Membership of one customer in the shop's dynamic audiences, as an outbox (AudienceMember): the
// pure evaluation says where the customer belongs now, and a row changes only when that differs
// from what the CRM list holds or is about to hold (add | member = in; remove | removed = out).
// A failed row stays failed while the customer still qualifies (the error shows on the page) and
// is queued for removal once they stop qualifying. Paused (disabled) audiences are left alone.

const DAY_MS = 86_400_000;
const IN = new Set(["add", "member"]);

export type EvaluationResult = { added: string[]; removed: string[]; skipped: "no_audiences" | "no_customer" | "no_email" | null };

async function countsOf(shop: string, customerGid: string, days: number, now: Date): Promise<BehaviorRow[]> {
  if (days <= 0) return [];
  const since = new Date(utcDayStart(now).getTime() - (days - 1) * DAY_MS);
  return prisma.behaviorCount.findMany({ where: { shop, customerGid, day: { gte: since } }, select: { key: true, day: true, count: true } });
}

async function scoreOf(shop: string, customerGid: string): Promise<ScoreFacts | null> {
  const s = await prisma.customerScore.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { tier: true, churnRisk: true, clvMinor: true } });
  return s ? { tier: s.tier, churnRisk: s.churnRisk, clvMinor: s.clvMinor } : null;
}

/** Where the customer belongs among `audiences` at `now`, from their counts, margins and score. */
async function wantedAudiences(shop: string, customerGid: string, audiences: Audience[], minMarginRate: number, now: Date, margins?: MarginLookup): Promise<Set<string>> {
  const window = longestWindow(audiences);
  let counts = await countsOf(shop, customerGid, window, now);
  if (usesEvent(audiences, HIGH_MARGIN)) {
    const variants = cartVariants(counts, now, window);
    // Without a way to read costs nothing is high-margin (fail closed).
    const rates = variants.length > 0 && margins ? await margins(variants) : new Map<string, number | null>();
    counts = withHighMarginCounts(counts, rates, minMarginRate);
  }
  const facts = usesScore(audiences) ? await scoreOf(shop, customerGid) : null;
  return evaluateAudiences(audiences, counts, now, facts);
}

/**
 * Re-evaluates one customer and stages the membership changes; queues the list sync when anything
 * changed and the CRM is connected. `margins` reads variant costs (needed only by high-margin rules).
 */
export async function evaluateCustomerAudiences(shop: string, customerGid: string, now: Date, margins?: MarginLookup): Promise<EvaluationResult> {
  const { doc } = await audienceSettings(shop);
  const audiences = doc.audiences.filter((a) => a.enabled);
  if (audiences.length === 0) return { added: [], removed: [], skipped: "no_audiences" };
  const customer = await prisma.customer.findUnique({ where: { shop_shopifyGid: { shop, shopifyGid: customerGid } }, select: { email: true, redactedAt: true } });
  if (!customer || customer.redactedAt) return { added: [], removed: [], skipped: "no_customer" };

  const wanted = await wantedAudiences(shop, customerGid, audiences, doc.highMargin.minMarginRate, now, margins);
  const rows = await prisma.audienceMember.findMany({ where: { shop, customerGid, audienceId: { in: audiences.map((a) => a.id) } } });
  const email = customer.email?.trim().toLowerCase() || null;
  const result: EvaluationResult = { added: [], removed: [], skipped: null };

  for (const audience of audiences) {
    const row = rows.find((r) => r.audienceId === audience.id && r.provider === audience.provider);
    const isIn = row ? IN.has(row.status) : false;
    const failed = row?.status === "failed";
    if (wanted.has(audience.id) && !isIn && !failed) {
      // A CRM list holds contacts by email: a customer without one cannot join (yet).
      if (!email) {
        result.skipped = "no_email";
        continue;
      }
      await stage(shop, audience, customerGid, email, "add", now);
      result.added.push(audience.id);
    } else if (!wanted.has(audience.id) && (isIn || failed)) {
      await stage(shop, audience, customerGid, row!.email, "remove", now);
      result.removed.push(audience.id);
    }
  }
  // One sync per CRM whose lists changed (HubSpot, Klaviyo), if it is connected.
  const changed = new Set(audiences.filter((a) => result.added.includes(a.id) || result.removed.includes(a.id)).map((a) => a.provider));
  if (changed.size > 0) {
    const crms = await connectedCrms(shop);
    for (const provider of changed) if (crms.includes(provider)) await enqueueAudienceSync(shop, provider);
  }
  return result;
}

async function stage(shop: string, audience: Audience, customerGid: string, email: string, status: "add" | "remove", now: Date) {
  const data = { email, status, attempts: 0, lastError: null, changedAt: now };
  await prisma.audienceMember.upsert({
    where: { shop_audienceId_provider_customerGid: { shop, audienceId: audience.id, provider: audience.provider, customerGid } },
    create: { shop, audienceId: audience.id, provider: audience.provider, customerGid, ...data },
    update: data,
  });
}

/**
 * The daily sweep: members whose window has passed are queued for removal, and counts older than
 * any window can look back are deleted. Additions need no sweep: they follow new behaviour.
 */
export async function sweepAudiences(shop: string, now: Date, margins?: MarginLookup): Promise<{ evaluated: number; removed: number; pruned: number }> {
  const pruned = await prisma.behaviorCount.deleteMany({ where: { shop, day: { lt: new Date(utcDayStart(now).getTime() - MAX_WINDOW_DAYS * DAY_MS) } } });
  const members = await prisma.audienceMember.findMany({ where: { shop, status: { in: ["add", "member", "failed"] } }, distinct: ["customerGid"], select: { customerGid: true } });
  let removed = 0;
  for (const { customerGid } of members) removed += (await evaluateCustomerAudiences(shop, customerGid, now, margins)).removed.length;
  return { evaluated: members.length, removed, pruned: pruned.count };
}

/** Shops with at least one enabled audience: the ones the sweep visits. */
export async function shopsWithAudiences(shops: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const shop of shops) if ((await audienceSettings(shop)).doc.audiences.some((a) => a.enabled)) out.push(shop);
  return out;
}
