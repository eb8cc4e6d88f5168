// The audit log's event names in one typed map (shared by the server and the admin pages).
/** Every event name the app writes, with what it is about. */
export const AUDIT_EVENTS = {
  "decision.made": "An engine decision (applied, in review or in shadow)",
  "approval.requested": "A decision above the thresholds waits for a person",
  "approval.approved": "A person approved a decision",
  "approval.rejected": "A person rejected a decision",
  "approval.edited": "A person approved a decision with a changed action",
  "approval.expired": "Nobody answered in time; the decision was rejected",
  "flag.changed": "A workflow's mode, rollout or targeting changed",
  "policy.changed": "A workflow's policy changed",
  "guardrails.changed": "Guardrail settings changed",
  "settings.changed": "Integration settings changed",
  "llm.call": "A call to the configured language model",
  "privacy.customer_redacted": "A customer's personal data was erased",
  "privacy.customer_data_exported": "A customer's data was exported",
  "queue.job_retried": "A failed job was retried",
  "customers.scored": "Customer CLV, churn risk and tiers were recomputed",
  "checkout.setup": "The checkout discount, customizations or metafield definitions were created or repaired",
  "offer.redeemed": "An order used a checkout offer",
  "offer.flagged": "An order used an offer that was expired, reused or not valid",
  "entitlements.synced": "Tier offers were written to customers for the discount Function",
  "backfill.started": "An import of the shop's customers and orders from the Admin API began",
  "backfill.completed": "The import from the Admin API finished and rescoring was queued",
  "backfill.failed": "The import from the Admin API stopped with an error",
  "crm.connected": "A CRM (HubSpot, Salesforce) was connected and its custom fields made ready",
  "crm.disconnected": "A CRM was disconnected and its staged data removed",
  "crm.synced": "Customer scores were written to a CRM (one entry per batch, with each contact's outcome)",
  "crm.sync_failed": "A CRM refused the sync as a whole (credentials, limits, a bad request)",
  "crm.review_requested": "A tier change was held for review: the customer has a recent support ticket",
  "customers.written_back": "Customer scores were written to Shopify customer metafields and tags",
  "audiences.changed": "The dynamic audience rules changed",
  "audiences.synced": "Customers were added to or removed from CRM lists (one entry per batch, with each one's outcome)",
  "audiences.sync_failed": "A CRM refused a list sync as a whole (credentials, a bad request)",
} as const;
export type AuditEvent = keyof typeof AUDIT_EVENTS;
export const AUDIT_EVENT_NAMES = Object.keys(AUDIT_EVENTS) as AuditEvent[];

