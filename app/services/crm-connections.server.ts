import type { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma from "../db.server";
import { env } from "../env.server";
import type { CrmAdapter, CrmProvider } from "../integrations/crm/types";
import type { CrmListAdapter } from "../integrations/crm/list-types";
import { HUBSPOT_HOST, KLAVIYO_HOST, SALESFORCE_HOST, vendorUrl } from "../lib/outbound-url";
import { recordAudit } from "../models/audit.server";
import type { Approver } from "./approvals.server";
import { openSecret, sealSecret } from "./secrets.server";

// A shop's CRM connections. The token is sealed at rest and opened only to build an adapter; the
// settings view, the audit log and error messages never carry it. Connecting proves the
// credentials by creating the custom fields the sync writes (Klaviyo, whose profile properties need
// no schema: by reading its lists), so a saved connection is a working one.

export const CRM_PROVIDERS = ["hubspot", "salesforce", "klaviyo"] as const;
const production = env.NODE_ENV === "production";
const secretContext = (shop: string, provider: CrmProvider) => `crm:${provider}:${shop}`;

const urlField = (host: RegExp, fallback?: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const value = v || fallback;
      if (!value) {
        ctx.addIssue({ code: "custom", message: "a URL is required" });
        return z.NEVER;
      }
      const checked = vendorUrl(value, host, production);
      if (!checked.ok) {
        ctx.addIssue({ code: "custom", message: checked.message });
        return z.NEVER;
      }
      return checked.url;
    });

const token = z.string().trim().min(10, "the access token looks too short").max(4000);
// Klaviyo private keys start with pk_; a public (site) key cannot call the REST API.
const klaviyoKey = z.string().trim().regex(/^pk_[A-Za-z0-9_]{8,200}$/, "a Klaviyo private API key (pk_…)");

export const crmConnectSchema = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("hubspot"), accessToken: token, baseUrl: urlField(HUBSPOT_HOST, "https://api.hubapi.com") }),
  z.object({
    provider: z.literal("salesforce"),
    accessToken: token,
    instanceUrl: urlField(SALESFORCE_HOST),
    apiVersion: z.string().trim().regex(/^\d{2}\.0$/, "an API version such as 62.0").default("62.0"),
  }),
  z.object({ provider: z.literal("klaviyo"), apiKey: klaviyoKey, baseUrl: urlField(KLAVIYO_HOST, "https://a.klaviyo.com") }),
]);
export type CrmConnectInput = z.input<typeof crmConnectSchema>;

const hubspotConfig = z.object({ baseUrl: z.string() });
const salesforceConfig = z.object({ instanceUrl: z.string(), apiVersion: z.string() });
const klaviyoConfig = z.object({ baseUrl: z.string() });

/** The credential (sealed) apart from the settings (stored as they are). */
function splitSecret(input: z.output<typeof crmConnectSchema>): { secret: string; settings: Record<string, string> } {
  if (input.provider === "klaviyo") {
    const { provider: _p, apiKey, ...settings } = input;
    return { secret: apiKey, settings };
  }
  const { provider: _p, accessToken, ...settings } = input;
  return { secret: accessToken, settings };
}

// The SDKs load on first use: jsforce alone is a large dependency most shops never need.
async function buildAdapter(provider: CrmProvider, config: unknown, secret: string): Promise<CrmAdapter> {
  if (provider === "hubspot") {
    const { hubspotAdapter } = await import("../integrations/hubspot/adapter.server");
    return hubspotAdapter({ accessToken: secret, baseUrl: hubspotConfig.parse(config).baseUrl });
  }
  if (provider === "salesforce") {
    const { salesforceAdapter } = await import("../integrations/salesforce/adapter.server");
    const c = salesforceConfig.parse(config);
    return salesforceAdapter({ accessToken: secret, instanceUrl: c.instanceUrl, apiVersion: c.apiVersion });
  }
  if (provider === "klaviyo") {
    const { klaviyoAdapter } = await import("../integrations/klaviyo/adapter.server");
    return klaviyoAdapter({ apiKey: secret, baseUrl: klaviyoConfig.parse(config).baseUrl });
  }
  throw new Error(`${provider} is not a CRM connection`);
}

/** The adapter for a connected CRM, or null when the shop has none (or it is disconnected). */
export async function crmAdapterFor(shop: string, provider: CrmProvider): Promise<CrmAdapter | null> {
  const row = await prisma.crmConnection.findUnique({ where: { shop_provider: { shop, provider } } });
  if (!row || row.status === "disconnected") return null;
  return buildAdapter(provider, row.config, openSecret(row.sealedSecret, secretContext(shop, provider)));
}

/** The list side of a connected CRM (dynamic audiences), or null; HubSpot and Klaviyo lists are supported. */
export async function crmListAdapterFor(shop: string, provider: CrmProvider): Promise<CrmListAdapter | null> {
  const row = await prisma.crmConnection.findUnique({ where: { shop_provider: { shop, provider } } });
  if (!row || row.status === "disconnected") return null;
  if (provider === "hubspot") {
    const { hubspotListAdapter } = await import("../integrations/hubspot/lists.server");
    return hubspotListAdapter({ accessToken: openSecret(row.sealedSecret, secretContext(shop, provider)), baseUrl: hubspotConfig.parse(row.config).baseUrl });
  }
  if (provider === "klaviyo") {
    const { klaviyoAdapter } = await import("../integrations/klaviyo/adapter.server");
    return klaviyoAdapter({ apiKey: openSecret(row.sealedSecret, secretContext(shop, provider)), baseUrl: klaviyoConfig.parse(row.config).baseUrl });
  }
  return null;
}

export async function connectedCrms(shop: string): Promise<CrmProvider[]> {
  const rows = await prisma.crmConnection.findMany({ where: { shop, status: { not: "disconnected" } }, select: { provider: true } });
  return rows.map((r) => r.provider as CrmProvider);
}

export type ConnectResult = { ok: true; created: string[] } | { ok: false; status: 400 | 422; errors: string[] };

export async function connectCrm(shop: string, input: unknown, actor: Approver): Promise<ConnectResult> {
  const parsed = crmConnectSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`) };
  const { provider } = parsed.data;
  const { secret, settings: rest } = splitSecret(parsed.data);
  const config = rest as Prisma.InputJsonValue;
  const fields = await (await buildAdapter(provider, config, secret)).ensureFields();
  if (!fields.ok) return { ok: false, status: 422, errors: [`${provider} refused the connection (${fields.error.kind}): ${fields.error.message}`] };
  const now = new Date();
  const data = { status: "connected", config, sealedSecret: sealSecret(secret, secretContext(shop, provider)), fieldsReadyAt: now, lastError: null, connectedAt: now };
  await prisma.$transaction(async (tx) => {
    await tx.crmConnection.upsert({ where: { shop_provider: { shop, provider } }, create: { shop, provider, ...data }, update: data });
    await recordAudit(tx, {
      shop,
      event: "crm.connected",
      actor: "user",
      actorId: actor.staffId,
      entity: `crm:${provider}`,
      after: { provider, ...rest, fieldsCreated: fields.data.created, fieldsExisting: fields.data.existing.length, by: actor.name },
      reasons: [`${provider} connected by ${actor.name}; ${fields.data.created.length} custom fields created`],
    });
  });
  return { ok: true, created: fields.data.created };
}

export async function disconnectCrm(shop: string, provider: CrmProvider, actor: Approver): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const deleted = await tx.crmConnection.deleteMany({ where: { shop, provider } });
    if (deleted.count === 0) return false;
    // The staged payloads hold customers' emails and scores: they go with the connection.
    const items = await tx.crmSyncItem.deleteMany({ where: { shop, provider } });
    await recordAudit(tx, {
      shop,
      event: "crm.disconnected",
      actor: "user",
      actorId: actor.staffId,
      entity: `crm:${provider}`,
      before: { provider, stagedContacts: items.count },
      reasons: [`${provider} disconnected by ${actor.name}`],
    });
    return true;
  });
}

/** A whole-call failure the merchant must act on (bad credentials, a refused request). */
export async function markCrmError(shop: string, provider: CrmProvider, message: string) {
  await prisma.crmConnection.updateMany({ where: { shop, provider }, data: { status: "error", lastError: message.slice(0, 500) } });
}

export async function markCrmSynced(shop: string, provider: CrmProvider, at: Date) {
  await prisma.crmConnection.updateMany({ where: { shop, provider, status: { not: "disconnected" } }, data: { status: "connected", lastError: null, lastSyncAt: at } });
}

export type CrmConnectionView = {
  provider: CrmProvider;
  connected: boolean;
  status: string | null;
  target: string | null;
  lastError: string | null;
  lastSyncAt: string | null;
  counts: Record<string, number>;
};

export async function crmSettingsView(shop: string): Promise<CrmConnectionView[]> {
  const [rows, counts] = await Promise.all([
    prisma.crmConnection.findMany({ where: { shop } }),
    prisma.crmSyncItem.groupBy({ by: ["provider", "status"], where: { shop }, _count: { _all: true } }),
  ]);
  return CRM_PROVIDERS.map((provider) => {
    const row = rows.find((r) => r.provider === provider);
    const config = (row?.config ?? {}) as { baseUrl?: string; instanceUrl?: string };
    return {
      provider,
      connected: Boolean(row && row.status !== "disconnected"),
      status: row?.status ?? null,
      target: config.instanceUrl ?? config.baseUrl ?? null,
      lastError: row?.lastError ?? null,
      lastSyncAt: row?.lastSyncAt?.toISOString() ?? null,
      counts: Object.fromEntries(counts.filter((c) => c.provider === provider).map((c) => [c.status, c._count._all])),
    };
  });
}
