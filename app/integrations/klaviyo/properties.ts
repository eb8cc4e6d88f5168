import { TIERS } from "../../lib/tiers";
import type { CrmContact } from "../crm/types";

// What Uplift writes on a Klaviyo profile: custom `properties`, which need no schema (Klaviyo types
// a property by its first value: numbers stay numbers, ISO-8601 strings become dates), and the
// names we know. Profiles are keyed by email only: Klaviyo's own Shopify integration sets
// `external_id` to the Shopify customer id, and a different external_id on the same email would
// make profile-import refuse the profile as a duplicate.

export const PROPERTY = {
  predictedClv: "uplift_predicted_clv",
  currency: "uplift_clv_currency",
  tier: "uplift_tier",
  churnRisk: "uplift_churn_risk",
  nextBestAction: "uplift_next_best_action",
  reasoning: "uplift_reasoning",
  scoredAt: "uplift_scored_at",
} as const;

// Klaviyo caps a profile payload at 100 kB; long reasoning is cut well below that.
const MAX_TEXT = 10_000;

export type KlaviyoProfileInput = { email: string; firstName?: string; lastName?: string; properties: Record<string, string | number> };

export type MappedProfile = { ok: true; profile: KlaviyoProfileInput } | { ok: false; error: string };

const round = (n: number, places: number) => Number(n.toFixed(places));

/** The profile-import attributes for one contact, or why its data cannot be sent (a bug upstream, not worth retrying). */
export function toKlaviyoProfile(contact: CrmContact): MappedProfile {
  const { fields } = contact;
  const email = contact.email.trim().toLowerCase();
  if (!email) return { ok: false, error: "no email address" };
  if (!Number.isFinite(fields.predictedClv)) return { ok: false, error: "predictedClv is not a finite number" };
  if (!Number.isFinite(fields.churnRisk)) return { ok: false, error: "churnRisk is not a finite number" };
  if (Number.isNaN(Date.parse(fields.scoredAt))) return { ok: false, error: `scoredAt is not a timestamp: ${fields.scoredAt}` };
  if (!(TIERS as readonly string[]).includes(fields.tier)) return { ok: false, error: `unknown tier ${fields.tier}` };
  const profile: KlaviyoProfileInput = {
    email,
    properties: {
      [PROPERTY.predictedClv]: round(fields.predictedClv, 2),
      [PROPERTY.currency]: fields.currency,
      [PROPERTY.tier]: fields.tier,
      [PROPERTY.churnRisk]: round(fields.churnRisk, 4),
      [PROPERTY.nextBestAction]: fields.nextBestAction.slice(0, MAX_TEXT),
      [PROPERTY.reasoning]: fields.reasoning.slice(0, MAX_TEXT),
      [PROPERTY.scoredAt]: new Date(fields.scoredAt).toISOString(),
    },
  };
  // Only names we know: null would clear what the merchant has in Klaviyo.
  if (contact.firstName) profile.firstName = contact.firstName;
  if (contact.lastName) profile.lastName = contact.lastName;
  return { ok: true, profile };
}
