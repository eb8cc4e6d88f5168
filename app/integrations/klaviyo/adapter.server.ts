import type { CrmListAdapter } from "../crm/list-types";
import type { CrmAdapter } from "../crm/types";
import type { KlaviyoConfig } from "./client.server";
import { changeMembership, MAX_LIST_BATCH } from "./lists.server";
import { MAX_BATCH, upsertProfiles } from "./upsert-profiles.server";
import { verifyKey } from "./verify-key.server";

// Klaviyo behind both CRM contracts, through the official klaviyo-api SDK (retries off: the sync
// queue retries and paces; see client.server.ts). Klaviyo has no support tickets, so
// openSupportTickets always answers "none": a tier change is never held for review on its account.

/**
 * @example
 * const klaviyo = klaviyoAdapter({ apiKey });
 * await klaviyo.ensureFields(); // proves the key; properties need no schema
 * const sent = await klaviyo.upsertContacts(contacts); // ≤ klaviyo.maxBatch
 * await klaviyo.addToList("Y6nRLr", ["ann@example.com"]);
 */
export function klaviyoAdapter(config: KlaviyoConfig): CrmAdapter & CrmListAdapter {
  return {
    provider: "klaviyo",
    // One size for both contracts; the list side would take as many.
    maxBatch: Math.min(MAX_BATCH, MAX_LIST_BATCH),
    ensureFields: () => verifyKey(config),
    upsertContacts: (batch) => upsertProfiles(config, batch),
    openSupportTickets: async () => ({ ok: true, data: new Set<string>() }),
    addToList: (listId, emails) => changeMembership(config, listId, emails, "add"),
    removeFromList: (listId, emails) => changeMembership(config, listId, emails, "remove"),
  };
}
