import { TIERS } from "../../lib/tiers";
import type { CrmContact } from "../crm/types";

// What Uplift writes on a HubSpot contact: the property group, the property definitions
// (PropertyCreate bodies) and the mapping of CrmScoreFields to property values. HubSpot takes every
// value as a string: numbers in plain decimal, datetimes as epoch milliseconds.

export const OBJECT_TYPE = "contacts";
export const PROPERTY_GROUP = { name: "uplift", label: "Uplift", displayOrder: -1 } as const;

export const PROPERTY = {
  predictedClv: "uplift_predicted_clv",
  currency: "uplift_clv_currency",
  tier: "uplift_tier",
  churnRisk: "uplift_churn_risk",
  nextBestAction: "uplift_next_best_action",
  reasoning: "uplift_tier_reasoning",
  scoredAt: "uplift_scored_at",
} as const;

type PropertyType = "string" | "number" | "datetime" | "enumeration";
type FieldType = "text" | "textarea" | "number" | "date" | "select";

export type PropertyDefinition = {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: PropertyType;
  fieldType: FieldType;
  options?: Array<{ label: string; value: string; hidden: boolean; displayOrder: number }>;
};

const define = (name: string, label: string, type: PropertyType, fieldType: FieldType, description: string): PropertyDefinition => ({
  name,
  label,
  description,
  groupName: PROPERTY_GROUP.name,
  type,
  fieldType,
});

export const PROPERTY_DEFINITIONS: readonly PropertyDefinition[] = [
  define(PROPERTY.predictedClv, "Predicted CLV (12 months)", "number", "number", "Predicted 12-month customer lifetime value, in the shop's currency (see Uplift CLV currency)."),
  define(PROPERTY.currency, "Uplift CLV currency", "string", "text", "ISO 4217 currency of the predicted CLV."),
  {
    ...define(PROPERTY.tier, "Uplift tier", "enumeration", "select", "Customer tier from the predicted CLV quantiles."),
    options: TIERS.map((tier, i) => ({ label: tier[0]!.toUpperCase() + tier.slice(1), value: tier, hidden: false, displayOrder: i })),
  },
  define(PROPERTY.churnRisk, "Uplift churn risk", "number", "number", "Probability (0 to 1) that the customer does not buy again."),
  define(PROPERTY.nextBestAction, "Uplift next best action", "string", "text", "What Uplift recommends doing next for this customer."),
  define(PROPERTY.reasoning, "Uplift tier reasoning", "string", "textarea", "Why the customer is in this tier."),
  define(PROPERTY.scoredAt, "Uplift scored at", "datetime", "date", "When Uplift last scored this customer."),
];

// HubSpot refuses string values above 65,536 characters, which would fail the whole contact.
const MAX_STRING = 65_536;

const decimal = (n: number, places: number) => String(Number(n.toFixed(places)));

export type MappedContact = { ok: true; email: string; properties: Record<string, string> } | { ok: false; error: string };

/** The upsert properties for one contact, or why its data cannot be sent (a bug upstream, not worth retrying). */
export function toHubspotProperties(contact: CrmContact): MappedContact {
  const { fields } = contact;
  const email = contact.email.trim().toLowerCase();
  const scoredAt = Date.parse(fields.scoredAt);
  if (!email) return { ok: false, error: "no email address" };
  if (!Number.isFinite(fields.predictedClv)) return { ok: false, error: "predictedClv is not a finite number" };
  if (!Number.isFinite(fields.churnRisk)) return { ok: false, error: "churnRisk is not a finite number" };
  if (Number.isNaN(scoredAt)) return { ok: false, error: `scoredAt is not a timestamp: ${fields.scoredAt}` };
  if (!(TIERS as readonly string[]).includes(fields.tier)) return { ok: false, error: `unknown tier ${fields.tier}` };
  const properties: Record<string, string> = {
    [PROPERTY.predictedClv]: decimal(fields.predictedClv, 2),
    [PROPERTY.currency]: fields.currency,
    [PROPERTY.tier]: fields.tier,
    [PROPERTY.churnRisk]: decimal(fields.churnRisk, 4),
    [PROPERTY.nextBestAction]: fields.nextBestAction.slice(0, MAX_STRING),
    [PROPERTY.reasoning]: fields.reasoning.slice(0, MAX_STRING),
    [PROPERTY.scoredAt]: String(scoredAt),
  };
  // Only names we know: an empty string would clear what the merchant typed in HubSpot.
  if (contact.firstName) properties.firstname = contact.firstName;
  if (contact.lastName) properties.lastname = contact.lastName;
  return { ok: true, email, properties };
}
