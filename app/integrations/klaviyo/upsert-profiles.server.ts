import type { CrmContact, CrmError, CrmResult, CrmUpsertOutcome } from "../crm/types";
import { klaviyoSession, type KlaviyoConfig } from "./client.server";
import { CONCURRENCY, importProfile, inPool, type ImportResult } from "./import-profile.server";
import { toKlaviyoProfile, type KlaviyoProfileInput } from "./properties";

// Scores to Klaviyo profiles, one profile-import call per contact (Klaviyo has no batch upsert
// that answers per profile; its bulk import job is asynchronous). A few calls run at once, well
// inside the endpoint's 75/s burst; a throttle, a bad key or an outage stops the batch as a whole:
// profiles already written are written again on the retry, which profile-import makes harmless.

/** Contacts per call: 50 imports at CONCURRENCY in flight take about a second against Klaviyo. */
export const MAX_BATCH = 50;

type Sending = { index: number; customerGid: string; profile: KlaviyoProfileInput };

const failed = (customerGid: string, error: string, retryable: boolean): CrmUpsertOutcome => ({ customerGid, ok: false, retryable, error });

export async function upsertProfiles(config: KlaviyoConfig, batch: readonly CrmContact[]): Promise<CrmResult<CrmUpsertOutcome[]>> {
  if (batch.length > MAX_BATCH) return { ok: false, error: { kind: "invalid", message: `Klaviyo sync takes at most ${MAX_BATCH} contacts per batch; got ${batch.length}` } };

  const outcomes = new Map<number, CrmUpsertOutcome>();
  const sending: Sending[] = [];
  const emails = new Set<string>();
  batch.forEach((contact, index) => {
    const mapped = toKlaviyoProfile(contact);
    if (!mapped.ok) outcomes.set(index, failed(contact.customerGid, mapped.error, false));
    // Two customers on one email would overwrite each other's scores on one profile.
    else if (emails.has(mapped.profile.email)) outcomes.set(index, failed(contact.customerGid, `another contact in the batch has the email ${mapped.profile.email}`, false));
    else {
      emails.add(mapped.profile.email);
      sending.push({ index, customerGid: contact.customerGid, profile: mapped.profile });
    }
  });

  if (sending.length > 0) {
    const kl = klaviyoSession(config);
    const whole = (r: ImportResult | undefined): r is { ok: false; perProfile: false; error: CrmError } => Boolean(r && !r.ok && !r.perProfile);
    const results = await inPool(sending, CONCURRENCY, (s) => importProfile(kl, s.profile), whole);
    const stop = results.find(whole);
    if (stop) return { ok: false, error: stop.error };
    results.forEach((r, i) => {
      const s = sending[i]!;
      if (r?.ok) outcomes.set(s.index, { customerGid: s.customerGid, ok: true, remoteId: r.id, created: r.created });
      else if (r?.perProfile) outcomes.set(s.index, failed(s.customerGid, r.error, false));
    });
  }

  return { ok: true, data: batch.map((contact, index) => outcomes.get(index) ?? failed(contact.customerGid, "Klaviyo reported nothing for this contact", true)) };
}
