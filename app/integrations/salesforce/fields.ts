import type { CrmContact } from "../crm/types";

// The Contact custom fields the sync writes, as Tooling API CustomField metadata, and how a
// CrmContact becomes a Contact record.
//
// Choices:
// - Predicted_LTV__c is Number(16, 2) in Setup's terms: Metadata precision counts all digits, so 18.
//   Number, not Currency: a Currency field takes the org's currency, not the shop's (Shopify
//   amounts are in the shop currency, which the label and description say).
// - AI_Customer_Tier__c is Text, not Picklist: tier names are Uplift's (app/lib/tiers.ts), and a
//   restricted picklist would refuse every write after a rename until someone edited the field in
//   Setup. Text still filters and groups in list views and reports.
// - AI_Churn_Risk__c is Percent(3, 2): reps read "42.50%". Percent fields take 0..100, so the 0..1
//   risk is multiplied by 100.
// - AI_Tier_Reasoning__c is LongTextArea(2000): LLM-drafted reasoning often runs past Text's 255
//   characters, and nobody filters on it (long text areas cannot be filtered in SOQL or list views).
//   Longer text is cut at 2,000 characters instead of failing the record.

export const EXTERNAL_ID_FIELD = "Shopify_Customer_Id__c";

export type CustomFieldSpec = { name: string; metadata: Record<string, string | number | boolean> };

const NEXT_BEST_ACTION_LENGTH = 255;
const REASONING_LENGTH = 2000;

export const CUSTOM_FIELDS: readonly CustomFieldSpec[] = [
  {
    name: EXTERNAL_ID_FIELD,
    metadata: { type: "Text", label: "Shopify Customer ID", length: 255, externalId: true, unique: true, description: "Shopify customer GID. Uplift upserts Contacts by this External ID." },
  },
  {
    name: "Predicted_LTV__c",
    metadata: { type: "Number", label: "Predicted LTV", precision: 18, scale: 2, description: "Uplift's predicted 12-month customer lifetime value, in the Shopify store's currency." },
  },
  { name: "AI_Customer_Tier__c", metadata: { type: "Text", label: "AI Customer Tier", length: 20, description: "Uplift tier: platinum, gold, silver or bronze." } },
  { name: "AI_Churn_Risk__c", metadata: { type: "Percent", label: "AI Churn Risk", precision: 5, scale: 2, description: "Uplift's estimated churn risk." } },
  { name: "AI_Next_Best_Action__c", metadata: { type: "Text", label: "AI Next Best Action", length: NEXT_BEST_ACTION_LENGTH, description: "What Uplift suggests doing next for this customer." } },
  { name: "AI_Tier_Reasoning__c", metadata: { type: "LongTextArea", label: "AI Tier Reasoning", length: REASONING_LENGTH, visibleLines: 4, description: "Why Uplift placed the customer in this tier." } },
  { name: "AI_Scored_At__c", metadata: { type: "DateTime", label: "AI Scored At", description: "When Uplift last scored this customer." } },
];

// Standard Contact field lengths: longer names fail the record with STRING_TOO_LONG.
const FIRST_NAME_LENGTH = 40;
const LAST_NAME_LENGTH = 80;

/** Cuts to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const present = (s: string | null) => (s !== null && s.trim() !== "" ? s.trim() : null);

/**
 * LastName is required on create. For a customer without one, the local part of the email stands
 * in ("jane.doe" for jane.doe@example.com) and is sent only when the Contact has to be created, so
 * a name a rep typed into an existing Contact is never overwritten by it.
 */
export function placeholderLastName(email: string): string {
  const local = email.split("@")[0]?.trim() ?? "";
  return truncate(local || "Unknown", LAST_NAME_LENGTH);
}

/** Why a contact cannot be sent at all (jsforce throws on an empty external id and would fail the whole batch). */
export function invalidContact(contact: CrmContact): string | null {
  if (contact.customerGid.trim() === "") return "customerGid is empty";
  if (contact.email.trim() === "") return "email is empty";
  if (!Number.isFinite(contact.fields.predictedClv)) return "predictedClv is not a finite number";
  if (!Number.isFinite(contact.fields.churnRisk)) return "churnRisk is not a finite number";
  if (Number.isNaN(Date.parse(contact.fields.scoredAt))) return `scoredAt is not a timestamp: ${contact.fields.scoredAt}`;
  return null;
}

/**
 * The Contact record for an upsert. Absent names are left out rather than sent as null, which would
 * clear what is in Salesforce; `withPlaceholderLastName` adds the stand-in LastName for a create.
 */
export function contactRecord(contact: CrmContact, withPlaceholderLastName: boolean): Record<string, string | number> {
  const { fields } = contact;
  const firstName = present(contact.firstName);
  const lastName = present(contact.lastName) ?? (withPlaceholderLastName ? placeholderLastName(contact.email) : null);
  return {
    [EXTERNAL_ID_FIELD]: contact.customerGid,
    Email: contact.email.trim(),
    ...(firstName ? { FirstName: truncate(firstName, FIRST_NAME_LENGTH) } : {}),
    ...(lastName ? { LastName: truncate(lastName, LAST_NAME_LENGTH) } : {}),
    Predicted_LTV__c: round2(fields.predictedClv),
    AI_Customer_Tier__c: fields.tier,
    AI_Churn_Risk__c: round2(Math.min(1, Math.max(0, fields.churnRisk)) * 100),
    AI_Next_Best_Action__c: truncate(fields.nextBestAction, NEXT_BEST_ACTION_LENGTH),
    AI_Tier_Reasoning__c: truncate(fields.reasoning, REASONING_LENGTH),
    AI_Scored_At__c: new Date(fields.scoredAt).toISOString(),
  };
}

export const hasLastName = (contact: CrmContact) => present(contact.lastName) !== null;
