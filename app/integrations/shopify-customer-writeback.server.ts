import { z } from "zod";
import type { CrmAdapter, CrmContact, CrmError, CrmResult, CrmUpsertOutcome } from "./crm/types";
import { adminQuery, type AdminError, type AdminGraphql, type QueryCost } from "./shopify-admin.server";

// Scores written back to the Shopify customer, so Shopify segments, Flow and our own Functions can
// use them: `$app` metafields (declared in shopify.app.toml) and one tier tag. It plugs into the CRM
// outbox as one more "CRM" whose upsert key is the customer id.

export const WRITEBACK_KEYS = { predictedClv: "predicted_clv", tier: "tier", churnRisk: "churn_risk", nextBestAction: "next_best_action" } as const;
export const TIER_TAG_PREFIX = "uplift-tier-";
const TIERS = ["platinum", "gold", "silver", "bronze"] as const;
// metafieldsSet takes at most 25 metafields per call; four per customer.
const PER_CALL = Math.floor(25 / Object.keys(WRITEBACK_KEYS).length);

const SET = `#graphql
  mutation UpliftScoreWriteBack($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
  }`;
const setResult = z.object({
  metafieldsSet: z.object({ userErrors: z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string() })) }),
});

// Mutations in one document run in order: the old tier tags go before the new one is added.
const TAGS = `#graphql
  mutation UpliftTierTag($id: ID!, $add: [String!]!, $remove: [String!]!) {
    tagsRemove(id: $id, tags: $remove) { userErrors { field message } }
    tagsAdd(id: $id, tags: $add) { userErrors { field message } }
  }`;
const userErrors = z.object({ userErrors: z.array(z.object({ message: z.string() })) });
const tagsResult = z.object({ tagsRemove: userErrors.nullable(), tagsAdd: userErrors.nullable() });

export function writeBackMetafields(contact: CrmContact) {
  const f = contact.fields;
  const mf = (key: string, type: string, value: string) => ({ ownerId: contact.customerGid, namespace: "$app", key, type, value });
  return [
    mf(WRITEBACK_KEYS.predictedClv, "number_decimal", f.predictedClv.toFixed(2)),
    mf(WRITEBACK_KEYS.tier, "single_line_text_field", f.tier),
    mf(WRITEBACK_KEYS.churnRisk, "number_decimal", f.churnRisk.toFixed(3)),
    mf(WRITEBACK_KEYS.nextBestAction, "single_line_text_field", f.nextBestAction.slice(0, 255)),
  ];
}

export const tierTag = (tier: string) => `${TIER_TAG_PREFIX}${tier}`;

function toCrmError(error: AdminError): CrmError {
  if (error.code === "THROTTLED") return { kind: "rate_limited", message: error.message, retryAfterMs: 10_000, policy: "THROTTLED" };
  if (error.code === "ACCESS_DENIED" || error.code === "UNAUTHORIZED") return { kind: "auth", message: error.message };
  return { kind: "unavailable", message: `${error.code}: ${error.message}` };
}

// A background write-back shares the shop's API bucket with the merchant's admin pages and other
// apps' requests: it leaves half the bucket free, waiting for it to refill instead of draining it.
export function headroomWaitMs(cost: QueryCost | null): number {
  if (!cost) return 0;
  const { maximumAvailable, currentlyAvailable, restoreRate } = cost.throttleStatus;
  const missing = maximumAvailable / 2 - currentlyAvailable;
  return missing > 0 && restoreRate > 0 ? Math.ceil((missing / restoreRate) * 1000) : 0;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call<T>(run: () => Promise<{ ok: true; data: T; cost: QueryCost | null } | { ok: false; error: AdminError }>): Promise<CrmResult<T>> {
  try {
    const r = await run();
    if (r.ok) await pause(headroomWaitMs(r.cost));
    return r.ok ? { ok: true, data: r.data } : { ok: false, error: toCrmError(r.error) };
  } catch (error) {
    // Network failures and HTTP errors the official client throws.
    return { ok: false, error: { kind: "unavailable", message: error instanceof Error ? error.message : String(error) } };
  }
}

export function shopifyWriteBackAdapter(graphql: AdminGraphql): CrmAdapter {
  return {
    provider: "shopify",
    maxBatch: PER_CALL,
    // The definitions are app-owned and installed from shopify.app.toml with the app.
    ensureFields: async () => ({ ok: true, data: { created: [], existing: Object.values(WRITEBACK_KEYS) } }),
    openSupportTickets: async () => ({ ok: true, data: new Set<string>() }),
    async upsertContacts(batch) {
      if (batch.length > PER_CALL) return { ok: false, error: { kind: "invalid", message: `at most ${PER_CALL} customers per call` } };
      const set = await call(() => adminQuery(graphql, SET, setResult, { variables: { metafields: batch.flatMap(writeBackMetafields) } }));
      if (!set.ok) return set;
      // metafieldsSet is all or nothing: a refusal fails every customer of the call.
      const refused = set.data.metafieldsSet.userErrors.map((e) => e.message).join("; ");
      const outcomes: CrmUpsertOutcome[] = [];
      for (const contact of batch) {
        if (refused) {
          outcomes.push({ customerGid: contact.customerGid, ok: false, retryable: false, error: refused });
          continue;
        }
        const remove = TIERS.filter((t) => t !== contact.fields.tier).map(tierTag);
        const tags = await call(() => adminQuery(graphql, TAGS, tagsResult, { variables: { id: contact.customerGid, add: [tierTag(contact.fields.tier)], remove } }));
        if (!tags.ok) {
          if (tags.error.kind === "unavailable") outcomes.push({ customerGid: contact.customerGid, ok: false, retryable: true, error: tags.error.message });
          else return tags;
          continue;
        }
        const problems = [...(tags.data.tagsRemove?.userErrors ?? []), ...(tags.data.tagsAdd?.userErrors ?? [])].map((e) => e.message);
        outcomes.push(problems.length ? { customerGid: contact.customerGid, ok: false, retryable: false, error: problems.join("; ") } : { customerGid: contact.customerGid, ok: true, remoteId: contact.customerGid, created: false });
      }
      return { ok: true, data: outcomes };
    },
  };
}
