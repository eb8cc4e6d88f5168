import { z } from "zod";
import type { CrmListAdapter, ListMemberOutcome } from "../crm/list-types";
import type { CrmResult } from "../crm/types";
import { failure, hubspotSession, parseReply, type HubspotConfig } from "./client.server";
import { contactIdsByEmail } from "./support-tickets.server";

// Contact list membership through the official SDK (crm.lists.membershipsApi, Lists v3:
// PUT /crm/v3/lists/{listId}/memberships/add|remove with record ids). Our side knows emails, so each
// call first reads the contacts' record ids by email (one batch read), then changes the list. Only
// MANUAL and SNAPSHOT lists accept API changes; a DYNAMIC or unknown list is refused as `invalid`.

/** Emails per call: the contact batch read takes at most 100 inputs. */
export const MAX_LIST_BATCH = 100;

// The SDK's MembershipsUpdateResponse; `recordsIdsAdded` is HubSpot's own spelling.
const membershipReply = z.object({
  recordIdsMissing: z.array(z.string()).default([]),
  recordIdsRemoved: z.array(z.string()).default([]),
  recordsIdsAdded: z.array(z.string()).default([]),
});

const normalised = (emails: readonly string[]) => emails.map((e) => e.trim().toLowerCase());

async function changeMembership(config: HubspotConfig, listId: string, emails: readonly string[], change: "add" | "remove"): Promise<CrmResult<ListMemberOutcome[]>> {
  if (emails.length > MAX_LIST_BATCH) return { ok: false, error: { kind: "invalid", message: `HubSpot list changes take at most ${MAX_LIST_BATCH} contacts per call; got ${emails.length}` } };
  const wanted = normalised(emails);
  if (wanted.length === 0) return { ok: true, data: [] };
  const hs = hubspotSession(config);

  const contacts = await contactIdsByEmail(hs, [...new Set(wanted)]);
  if (!contacts.ok) return contacts;
  const idByEmail = new Map([...contacts.data].map(([id, email]) => [email, id]));
  const recordIds = [...new Set(idByEmail.values())];

  let missing = new Set<string>();
  if (recordIds.length > 0) {
    const reply = await hs.call((api) => (change === "add" ? api.listMemberships.add(listId, recordIds) : api.listMemberships.remove(listId, recordIds)));
    if (!reply.ok) return failure(reply);
    const parsed = parseReply(membershipReply, reply.data, `list membership ${change}`);
    if (!parsed.ok) return parsed;
    missing = new Set(parsed.data.recordIdsMissing);
  }

  return {
    ok: true,
    data: wanted.map((email): ListMemberOutcome => {
      const recordId = idByEmail.get(email) ?? null;
      // Out of the list is what a removal wants, whether or not HubSpot knows the contact.
      if (change === "remove") return { email, ok: true, recordId };
      // The score sync may create the contact later, so an unknown email is worth another try.
      if (!recordId) return { email, ok: false, retryable: true, error: "no HubSpot contact has this email" };
      if (missing.has(recordId)) return { email, ok: false, retryable: true, error: `HubSpot reported contact ${recordId} missing` };
      return { email, ok: true, recordId };
    }),
  };
}

/**
 * @example
 * const lists = hubspotListAdapter({ accessToken });
 * const added = await lists.addToList("123", ["ann@example.com"]);
 * if (!added.ok && added.error.kind === "rate_limited") retryIn(added.error.retryAfterMs);
 */
export function hubspotListAdapter(config: HubspotConfig): CrmListAdapter {
  return {
    provider: "hubspot",
    maxBatch: MAX_LIST_BATCH,
    addToList: (listId, emails) => changeMembership(config, listId, emails, "add"),
    removeFromList: (listId, emails) => changeMembership(config, listId, emails, "remove"),
  };
}
