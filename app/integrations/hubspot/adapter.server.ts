import type { CrmAdapter } from "../crm/types";
import type { HubspotConfig } from "./client.server";
import { ensureFields } from "./ensure-fields.server";
import { openSupportTickets } from "./support-tickets.server";
import { MAX_BATCH, upsertContacts } from "./upsert-contacts.server";

// HubSpot behind the CrmAdapter contract, through the official @hubspot/api-client. Each call
// builds its own SDK client (retries off: the sync queue retries and paces); see client.server.ts.

/**
 * @example
 * const crm = hubspotAdapter({ accessToken });
 * const fields = await crm.ensureFields();
 * const sent = await crm.upsertContacts(contacts); // ≤ crm.maxBatch
 * if (!sent.ok && sent.error.kind === "rate_limited") retryIn(sent.error.retryAfterMs);
 */
export function hubspotAdapter(config: HubspotConfig): CrmAdapter {
  return {
    provider: "hubspot",
    maxBatch: MAX_BATCH,
    ensureFields: () => ensureFields(config),
    upsertContacts: (batch) => upsertContacts(config, batch),
    openSupportTickets: (emails, since) => openSupportTickets(config, emails, since),
  };
}
