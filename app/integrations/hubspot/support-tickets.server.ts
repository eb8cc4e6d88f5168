// Type-only: the SDK's deep module paths are directory imports, which Node's ESM loader (the
// production server build) cannot resolve; the enum values are plain strings on the wire.
import type { FilterOperatorEnum } from "@hubspot/api-client/lib/codegen/crm/tickets";
import { z } from "zod";
import type { CrmResult } from "../crm/types";
import { failure, hubspotSession, parseReply, type HubspotConfig, type HubspotSession } from "./client.server";

// Which of these emails have a support ticket open and touched since `since`. Three steps, each
// batched: contact ids by email (batch read), open tickets associated with any of those contacts
// (search, paged), then which contacts each ticket belongs to (v4 associations) — the search API
// does not return associations.

/**
 * Closed stages of HubSpot's default support pipeline ("4" Closed). Tickets in custom pipelines
 * with other closed stages count as open: a false "open" only holds a tier change for review.
 */
export const CLOSED_TICKET_STAGES = ["4"];

const CONTACT_READ_BATCH = 100;
// Search pages hold at most 200 results; IN lists are kept to the batch endpoints' 100 ids.
const SEARCH_IDS = 100;
const SEARCH_PAGE = 200;
const ASSOCIATION_BATCH = 100;

const batchErrors = z.array(z.object({ category: z.string(), message: z.string() })).optional();
const contactRead = z.object({ results: z.array(z.object({ id: z.string(), properties: z.record(z.string().nullable()) })), errors: batchErrors });
const ticketPage = z.object({
  results: z.array(z.object({ id: z.string() })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
const associationRead = z.object({
  results: z.array(z.object({ to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) })) })),
  errors: batchErrors,
});

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// A missing contact or a ticket without contacts is an answer; any other per-item error means we
// do not know, and "no ticket" would wrongly let a tier change through.
function unknownItems(errors: z.infer<typeof batchErrors>, what: string): CrmResult<never> | null {
  const other = (errors ?? []).filter((e) => e.category !== "OBJECT_NOT_FOUND");
  if (other.length === 0) return null;
  return { ok: false, error: { kind: "unavailable", message: `HubSpot could not ${what}: ${other.map((e) => `${e.category}: ${e.message}`).join("; ")}` } };
}

/** HubSpot record ids of the contacts whose primary email is one of `emails` (lower-cased), id → email. */
export async function contactIdsByEmail(hs: HubspotSession, emails: string[]): Promise<CrmResult<Map<string, string>>> {
  const emailById = new Map<string, string>();
  for (const chunk of chunks(emails, CONTACT_READ_BATCH)) {
    const reply = await hs.call((api) => api.contacts.read({ idProperty: "email", inputs: chunk.map((id) => ({ id })), properties: ["email"], propertiesWithHistory: [] }));
    if (!reply.ok) return failure(reply);
    const parsed = parseReply(contactRead, reply.data, "contact batch read");
    if (!parsed.ok) return parsed;
    const unknown = unknownItems(parsed.data.errors, "read some contacts");
    if (unknown) return unknown;
    for (const contact of parsed.data.results) {
      // A lookup can match a secondary address; only the primary one maps back to our email.
      const email = contact.properties.email?.toLowerCase();
      if (email && chunk.includes(email)) emailById.set(contact.id, email);
    }
  }
  return { ok: true, data: emailById };
}

async function openTicketIds(hs: HubspotSession, contactIds: string[], since: Date): Promise<CrmResult<Set<string>>> {
  const ticketIds = new Set<string>();
  for (const chunk of chunks(contactIds, SEARCH_IDS)) {
    let after: string | undefined;
    do {
      const reply = await hs.call((api) =>
        api.ticketSearch.doSearch({
          filterGroups: [
            {
              filters: [
                { propertyName: "associations.contact", operator: "IN" as FilterOperatorEnum, values: chunk },
                { propertyName: "hs_pipeline_stage", operator: "NOT_IN" as FilterOperatorEnum, values: CLOSED_TICKET_STAGES },
                { propertyName: "hs_lastmodifieddate", operator: "GTE" as FilterOperatorEnum, value: String(since.getTime()) },
              ],
            },
          ],
          properties: ["hs_pipeline_stage", "hs_lastmodifieddate"],
          limit: SEARCH_PAGE,
          after,
        }),
      );
      if (!reply.ok) return failure(reply);
      const page = parseReply(ticketPage, reply.data, "ticket search");
      if (!page.ok) return page;
      for (const ticket of page.data.results) ticketIds.add(ticket.id);
      after = page.data.paging?.next?.after;
    } while (after);
  }
  return { ok: true, data: ticketIds };
}

export async function openSupportTickets(config: HubspotConfig, emails: readonly string[], since: Date): Promise<CrmResult<Set<string>>> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const flagged = new Set<string>();
  if (wanted.length === 0) return { ok: true, data: flagged };
  const hs = hubspotSession(config);

  const contacts = await contactIdsByEmail(hs, wanted);
  if (!contacts.ok) return contacts;
  if (contacts.data.size === 0) return { ok: true, data: flagged };

  const tickets = await openTicketIds(hs, [...contacts.data.keys()], since);
  if (!tickets.ok) return tickets;

  for (const chunk of chunks([...tickets.data], ASSOCIATION_BATCH)) {
    const reply = await hs.call((api) => api.associations.getPage("tickets", "contacts", { inputs: chunk.map((id) => ({ id })) }));
    if (!reply.ok) return failure(reply);
    const parsed = parseReply(associationRead, reply.data, "ticket associations");
    if (!parsed.ok) return parsed;
    const unknown = unknownItems(parsed.data.errors, "read ticket associations");
    if (unknown) return unknown;
    // Only the first page of each ticket's contacts is read: a support ticket has a handful.
    for (const contact of parsed.data.results.flatMap((r) => r.to)) {
      const email = contacts.data.get(contact.toObjectId);
      if (email) flagged.add(email);
    }
  }
  return { ok: true, data: flagged };
}
