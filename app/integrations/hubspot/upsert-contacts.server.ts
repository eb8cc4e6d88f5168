import { z } from "zod";
import type { CrmContact, CrmResult, CrmUpsertOutcome } from "../crm/types";
import { failure, hubspotSession, parseReply, type HubspotConfig } from "./client.server";
import { toHubspotProperties } from "./fields";

// One batch upsert keyed by email. HubSpot answers 200 when every input was written and 207 when
// some were refused; the SDK returns both as a normal reply. Results carry our objectWriteTraceId
// (the Shopify customer GID) and errors name their inputs in `context`, so both are matched back to
// the inputs rather than trusting their order.

/** HubSpot's cap on `inputs` per batch request; above it the whole request is refused with 400. */
export const MAX_BATCH = 100;

// What the SDK deserializes: upsert results expose `new` as `_new`.
const upsertReply = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      _new: z.boolean().optional(),
      objectWriteTraceId: z.string().optional(),
      properties: z.record(z.string().nullable()).optional(),
    }),
  ),
  errors: z
    .array(
      z.object({
        category: z.string(),
        message: z.string(),
        errors: z.array(z.object({ message: z.string() })).optional(),
        context: z.record(z.array(z.string())).optional(),
      }),
    )
    .optional(),
});

// Categories where sending the same data again cannot succeed.
const PERMANENT = new Set(["VALIDATION_ERROR", "OBJECT_ALREADY_EXISTS", "CONFLICT", "OBJECT_NOT_FOUND", "INVALID_PARAMS"]);

type Sending = { index: number; customerGid: string; email: string; properties: Record<string, string> };

const failed = (customerGid: string, error: string, retryable: boolean): CrmUpsertOutcome => ({ customerGid, ok: false, retryable, error });

export async function upsertContacts(config: HubspotConfig, batch: readonly CrmContact[]): Promise<CrmResult<CrmUpsertOutcome[]>> {
  if (batch.length > MAX_BATCH) return { ok: false, error: { kind: "invalid", message: `HubSpot takes at most ${MAX_BATCH} contacts per batch; got ${batch.length}` } };

  const outcomes = new Map<number, CrmUpsertOutcome>();
  const sending: Sending[] = [];
  const emails = new Set<string>();
  batch.forEach((contact, index) => {
    const mapped = toHubspotProperties(contact);
    if (!mapped.ok) outcomes.set(index, failed(contact.customerGid, mapped.error, false));
    // HubSpot refuses a whole batch that names one id twice.
    else if (emails.has(mapped.email)) outcomes.set(index, failed(contact.customerGid, `another contact in the batch has the email ${mapped.email}`, false));
    else {
      emails.add(mapped.email);
      sending.push({ index, customerGid: contact.customerGid, email: mapped.email, properties: mapped.properties });
    }
  });

  if (sending.length > 0) {
    const hs = hubspotSession(config);
    const reply = await hs.call((api) =>
      api.contacts.upsert({ inputs: sending.map((s) => ({ idProperty: "email", id: s.email, properties: s.properties, objectWriteTraceId: s.customerGid })) }),
    );
    if (!reply.ok) return failure(reply);
    const parsed = parseReply(upsertReply, reply.data, "batch upsert");
    if (!parsed.ok) return parsed;

    for (const result of parsed.data.results) {
      const email = result.properties?.email?.toLowerCase();
      const input = sending.find((s) => s.customerGid === result.objectWriteTraceId) ?? sending.find((s) => s.email === email);
      if (input) outcomes.set(input.index, { customerGid: input.customerGid, ok: true, remoteId: result.id, created: result._new ?? false });
    }
    for (const error of parsed.data.errors ?? []) {
      const named = Object.values(error.context ?? {}).flat();
      const details = error.errors?.map((e) => e.message).filter(Boolean) ?? [];
      const message = `${error.category}: ${details.length > 0 ? details.join("; ") : error.message}`;
      for (const input of sending) {
        if (outcomes.has(input.index)) continue;
        if (named.some((n) => n === input.customerGid || n.toLowerCase() === input.email)) outcomes.set(input.index, failed(input.customerGid, message, !PERMANENT.has(error.category)));
      }
    }
  }

  return { ok: true, data: batch.map((contact, index) => outcomes.get(index) ?? failed(contact.customerGid, "HubSpot reported nothing for this contact", true)) };
}
