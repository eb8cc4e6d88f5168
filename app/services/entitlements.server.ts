// Tier offers on every plan. Checkout UI extensions in the checkout steps run only on Shopify Plus,
// but discount Functions run everywhere: a logged-in customer's tier offer is written, signed, to
// their `$app.entitlement` metafield (ADR 0005: cart "", targets "", cust = the customer), and the
// discount Function applies it with no network call and no extension. Refreshed after the nightly
// scoring; a token lives ENTITLEMENT_DAYS, so a customer who leaves a tier loses it within that.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma from "../db.server";
import { queue, QUEUES } from "../queue.server";
import type { Approver } from "./approvals.server";
import { saveAuditedSetting, type SaveResult } from "./flags.server";
import { adminQuery, type AdminGraphql } from "../integrations/shopify-admin.server";
import { ENTITLEMENT_METAFIELD, signOffer } from "../lib/offer-token.server";
import { recordAudit } from "../models/audit.server";
import { TIERS } from "../lib/tiers";
import { readSetting } from "../models/settings.server";
import { signingKey } from "./offer-keys.server";

export const ENTITLEMENT_DAYS = 2;
const BATCH = 25; // metafieldsSet takes at most 25 metafields per call

const tierOffer = z.object({ kind: z.enum(["percentage", "free_shipping"]), value: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/) });
export const entitlementSettingsSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/).default("USD"),
  tiers: z.record(z.enum(["platinum", "gold", "silver", "bronze"]), tierOffer).default({}),
});
export type EntitlementSettings = z.infer<typeof entitlementSettingsSchema>;

const SET = `#graphql
  mutation UpliftEntitlements($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
  }`;
const setResult = z.object({ metafieldsSet: z.object({ userErrors: z.array(z.object({ message: z.string(), code: z.string().nullable().optional() })) }) });

export type SyncResult = { written: number; failed: number; errors: string[] };

export async function syncEntitlements(shop: string, graphql: AdminGraphql, now: Date): Promise<SyncResult> {
  const row = await readSetting(shop, "entitlements");
  const settings = entitlementSettingsSchema.safeParse(row?.value ?? {});
  if (!settings.success) return { written: 0, failed: 0, errors: ["entitlement settings are not valid"] };
  const tiers = Object.keys(settings.data.tiers) as (keyof EntitlementSettings["tiers"])[];
  if (tiers.length === 0) return { written: 0, failed: 0, errors: [] };
  // One score row per customer: the latest scoring run's tier.
  const customers = await prisma.customerScore.findMany({ where: { shop, tier: { in: tiers } }, select: { customerGid: true, tier: true } });
  const key = await signingKey(shop);
  const exp = new Date(now.getTime() + ENTITLEMENT_DAYS * 86_400_000).toISOString();
  const writes = customers.flatMap((c) => {
    const offer = settings.data.tiers[c.tier as keyof EntitlementSettings["tiers"]];
    if (!offer) return [];
    const token = signOffer(
      { shop, oid: `entitlement:${c.tier}`, kind: offer.kind, value: offer.kind === "free_shipping" ? "0" : offer.value, cur: settings.data.currency, targets: "", exp, cart: "", cust: c.customerGid },
      key,
    );
    return [{ ownerId: c.customerGid, namespace: ENTITLEMENT_METAFIELD.namespace, key: ENTITLEMENT_METAFIELD.key, type: "json", value: JSON.stringify(token) }];
  });
  const result: SyncResult = { written: 0, failed: 0, errors: [] };
  for (let i = 0; i < writes.length; i += BATCH) {
    const batch = writes.slice(i, i + BATCH);
    const r = await adminQuery(graphql, SET, setResult, { variables: { metafields: batch } });
    const problems = r.ok ? r.data.metafieldsSet.userErrors.map((e) => e.message) : [`${r.error.code}: ${r.error.message}`];
    // metafieldsSet is atomic: a batch is written whole or not at all.
    if (problems.length > 0) {
      result.failed += batch.length;
      result.errors.push(...problems.slice(0, 3));
    } else result.written += batch.length;
  }
  await recordAudit(prisma, {
    shop,
    event: "entitlements.synced",
    actor: "system",
    entity: "entitlements",
    after: { written: result.written, failed: result.failed, tiers: settings.data.tiers, expires: exp },
    reasons: result.errors.length ? result.errors.slice(0, 10) : [`${result.written} customers hold a tier offer until ${exp}`],
  });
  return result;
}

export async function entitlementsConfigured(shop: string): Promise<boolean> {
  const row = await readSetting(shop, "entitlements");
  const parsed = entitlementSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success && Object.keys(parsed.data.tiers).length > 0;
}

export { TIERS } from "../lib/tiers";

/** The Settings card: what each tier is entitled to. */
export async function entitlementSettingsView(shop: string) {
  const row = await readSetting(shop, "entitlements");
  const parsed = entitlementSettingsSchema.safeParse(row?.value ?? {});
  const settings = parsed.success ? parsed.data : entitlementSettingsSchema.parse({});
  return {
    version: row?.version ?? 0,
    tiers: Object.fromEntries(TIERS.map((t) => [t, settings.tiers[t] ?? null])) as Record<(typeof TIERS)[number], z.infer<typeof tierOffer> | null>,
  };
}

/** Form input: per tier "none", "free_shipping" or a percentage such as "5". */
export type TierOffersInput = Record<(typeof TIERS)[number], string>;

function parseTierOffer(text: string): z.infer<typeof tierOffer> | null | "invalid" {
  const t = text.trim();
  if (t === "" || t === "none") return null;
  if (t === "free_shipping") return { kind: "free_shipping", value: "0" };
  const ok = tierOffer.safeParse({ kind: "percentage", value: t });
  return ok.success && Number(t) > 0 && Number(t) <= 100 ? ok.data : "invalid";
}

/**
 * Saves the tier offers (audited, versioned) and queues a rescoring, which writes the customers'
 * entitlements. The discount Function still caps whatever a tier is given.
 */
export async function saveTierOffers(shop: string, currency: string, input: TierOffersInput, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  const result = await saveAuditedSetting({
    shop,
    key: "entitlements",
    event: "settings.changed",
    actor,
    expectedVersion,
    build: (current) => {
      const tiers: EntitlementSettings["tiers"] = {};
      const fieldErrors: Record<string, string> = {};
      for (const t of TIERS) {
        const offer = parseTierOffer(input[t] ?? "");
        if (offer === "invalid") fieldErrors[t] = "A percentage between 0 and 100 (two decimals at most), free_shipping, or none";
        else if (offer) tiers[t] = offer;
      }
      if (Object.keys(fieldErrors).length > 0) return { fieldErrors };
      return { value: { currency, tiers }, before: (current?.value ?? {}) as Prisma.InputJsonValue, summary: "tier offers saved" };
    },
  });
  if (result.ok) {
    const boss = await queue();
    await boss.send(QUEUES.scoreShop, { shop }, { singletonKey: shop });
  }
  return result;
}
