// What the CRM sync service needs from a CRM, whichever it is. HubSpot (`../hubspot/`), Salesforce
// (`../salesforce/`) and Klaviyo (`../klaviyo/`) implement it with their official SDKs; the sync service (app/services/crm-sync)
// owns batching, idempotence, review and audit, so adapters stay thin wire translators.

// "shopify" is the write-back of scores to Shopify customers ($app metafields and tags), which rides
// the same outbox as the CRMs.
export type CrmProvider = "hubspot" | "salesforce" | "klaviyo" | "shopify";

/** The customer-intelligence fields every CRM receives (names are mapped per CRM). */
export type CrmScoreFields = {
  /** Predicted 12-month CLV in the shop's currency, major units (e.g. 412.5). */
  predictedClv: number;
  currency: string;
  tier: "platinum" | "gold" | "silver" | "bronze";
  /** 0..1 */
  churnRisk: number;
  nextBestAction: string;
  /** Short human-readable reasoning (templated or LLM-drafted, never personal data beyond the contact's own). */
  reasoning: string;
  /** ISO-8601 timestamp of the scoring run. */
  scoredAt: string;
};

export type CrmContact = {
  /** Shopify customer GID: the external id (Salesforce) and the write trace id (HubSpot). */
  customerGid: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  fields: CrmScoreFields;
};

/** Per-contact result of a batch upsert, in the order of the input. */
export type CrmUpsertOutcome =
  | { customerGid: string; ok: true; remoteId: string; created: boolean }
  | { customerGid: string; ok: false; retryable: boolean; error: string };

/**
 * Whole-call failures. `rate_limited` carries how long to wait (Retry-After or the vendor's window);
 * `auth` means the credentials are bad (stop syncing, tell the merchant); `unavailable` is a network
 * error or 5xx worth retrying later; `invalid` is a request the vendor refused as a whole (a bug or
 * a misconfigured account: not retried).
 */
export type CrmError =
  | { kind: "rate_limited"; message: string; retryAfterMs: number; policy: string | null }
  | { kind: "auth"; message: string }
  | { kind: "unavailable"; message: string }
  | { kind: "invalid"; message: string };

export type CrmResult<T> = { ok: true; data: T } | { ok: false; error: CrmError };

export interface CrmAdapter {
  readonly provider: CrmProvider;
  /** Largest batch `upsertContacts` accepts (HubSpot 100, Salesforce sObject collections 200). */
  readonly maxBatch: number;
  /** Creates the custom properties/fields the sync writes when missing; idempotent. */
  ensureFields(): Promise<CrmResult<{ created: string[]; existing: string[] }>>;
  /** Upserts contacts keyed by email (HubSpot) or by the Shopify customer id external id (Salesforce). */
  upsertContacts(batch: readonly CrmContact[]): Promise<CrmResult<CrmUpsertOutcome[]>>;
  /**
   * Lower-cased emails among `emails` whose contact has a support ticket (HubSpot ticket, Salesforce
   * Case) that is open and was created or modified at or after `since`.
   */
  openSupportTickets(emails: readonly string[], since: Date): Promise<CrmResult<Set<string>>>;
}
