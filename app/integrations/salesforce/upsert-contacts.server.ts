import type { Connection } from "jsforce";
import { z } from "zod";
import type { CrmContact, CrmResult, CrmUpsertOutcome } from "../crm/types";
import type { SalesforceConfig } from "./connection.server";
import { EXTERNAL_ID_FIELD, contactRecord, hasLastName, invalidContact } from "./fields";
import { unexpectedReply, withSession } from "./session.server";

/** sObject collections take at most 200 records per call. */
export const SALESFORCE_MAX_BATCH = 200;

/** Per-record errors worth another try later; everything else needs the data or the org fixed. */
const RETRYABLE_RECORD_ERRORS = new Set(["UNABLE_TO_LOCK_ROW"]);

// Raw REST SaveResults name the code `statusCode`; jsforce's own types (and its single-record
// fallbacks) say `errorCode`. Either is accepted.
const saveErrorSchema = z.object({ statusCode: z.string().optional(), errorCode: z.string().optional(), message: z.string(), fields: z.array(z.string()).optional() });
const upsertResultsSchema = z.array(z.object({ id: z.string().nullish(), success: z.boolean(), created: z.boolean().optional(), errors: z.array(saveErrorSchema) }));
type UpsertResult = z.infer<typeof upsertResultsSchema>[number];

const codeOf = (e: z.infer<typeof saveErrorSchema>) => e.statusCode ?? e.errorCode ?? "UNKNOWN";
const missesLastName = (r: UpsertResult) =>
  !r.success && r.errors.some((e) => codeOf(e) === "REQUIRED_FIELD_MISSING" && (e.fields?.includes("LastName") || e.message.includes("LastName")));

async function upsert(conn: Connection, records: Record<string, string | number>[]): Promise<CrmResult<UpsertResult[]>> {
  const reply = upsertResultsSchema.safeParse(await conn.sobject("Contact").upsert(records, EXTERNAL_ID_FIELD, { allOrNone: false }));
  if (!reply.success) return unexpectedReply("upsert", reply.error.message);
  if (reply.data.length !== records.length) return unexpectedReply("upsert", `${reply.data.length} results for ${records.length} records`);
  return { ok: true, data: reply.data };
}

function outcome(contact: CrmContact, result: UpsertResult): CrmUpsertOutcome {
  if (result.success && result.id) return { customerGid: contact.customerGid, ok: true, remoteId: result.id, created: result.created ?? false };
  const codes = result.errors.map(codeOf);
  return {
    customerGid: contact.customerGid,
    ok: false,
    retryable: codes.length > 0 && codes.every((c) => RETRYABLE_RECORD_ERRORS.has(c)),
    error: result.errors.map((e) => `${codeOf(e)}: ${e.message}`).join("; ") || "Salesforce reported a failure without errors",
  };
}

/**
 * Upserts Contacts by Shopify_Customer_Id__c through sObject collections, allOrNone false, and
 * answers one outcome per input in input order.
 *
 * Contacts without a last name are first sent without LastName, so an existing Contact keeps the
 * name it has; those Salesforce could not create for lack of it (REQUIRED_FIELD_MISSING) are sent
 * again with the placeholder. That second call happens only for new nameless contacts; if it fails
 * as a whole, so does the batch, which is safe to send again since upserts are idempotent.
 */
export function upsertContacts(config: SalesforceConfig, batch: readonly CrmContact[]): Promise<CrmResult<CrmUpsertOutcome[]>> {
  if (batch.length > SALESFORCE_MAX_BATCH) {
    return Promise.resolve({ ok: false, error: { kind: "invalid", message: `${batch.length} contacts in one batch; Salesforce sObject collections take at most ${SALESFORCE_MAX_BATCH}` } });
  }
  return withSession(config, async ({ conn }) => {
    const outcomes: Array<CrmUpsertOutcome | undefined> = batch.map((contact) => {
      const invalid = invalidContact(contact);
      return invalid ? { customerGid: contact.customerGid, ok: false, retryable: false, error: `not sent: ${invalid}` } : undefined;
    });
    const sendable = batch.flatMap((contact, index) => (outcomes[index] ? [] : [{ contact, index }]));
    if (sendable.length === 0) return { ok: true, data: outcomes as CrmUpsertOutcome[] };

    const first = await upsert(conn, sendable.map(({ contact }) => contactRecord(contact, false)));
    if (!first.ok) return first;
    const retry = sendable.filter(({ contact }, i) => !hasLastName(contact) && missesLastName(first.data[i]!));
    const second = retry.length > 0 ? await upsert(conn, retry.map(({ contact }) => contactRecord(contact, true))) : { ok: true as const, data: [] };
    if (!second.ok) return second;

    sendable.forEach(({ contact, index }, i) => {
      const again = retry.findIndex((r) => r.index === index);
      outcomes[index] = outcome(contact, again >= 0 ? second.data[again]! : first.data[i]!);
    });
    return { ok: true, data: outcomes as CrmUpsertOutcome[] };
  });
}
