import { FilterBuilder } from "klaviyo-api";
import { z } from "zod";
import type { ListMemberOutcome } from "../crm/list-types";
import type { CrmResult } from "../crm/types";
import { failure, klaviyoSession, parseReply, type KlaviyoConfig, type KlaviyoSession } from "./client.server";
import { CONCURRENCY, importProfile, inPool, type ImportResult } from "./import-profile.server";

// List membership for dynamic audiences: Klaviyo lists hold profile ids, our side knows emails. One
// GET /api/profiles?filter=any(email,[…]) finds the ids; on an add, an email Klaviyo does not know
// yet gets a profile (profile-import with the email alone: no consent, no subscription), so the
// list fills without waiting for the score sync. Then one POST or DELETE on
// /api/lists/{id}/relationships/profiles. Adding a member or removing a non-member is a no-op.

/** Emails per call: one profile page (at most 100) covers the lookup. */
export const MAX_LIST_BATCH = 50;

const profilesReply = z.object({ body: z.object({ data: z.array(z.object({ id: z.string(), attributes: z.object({ email: z.string().nullish() }) })) }) });

async function profileIdsByEmail(kl: KlaviyoSession, emails: readonly string[]): Promise<CrmResult<Map<string, string>>> {
  const filter = new FilterBuilder().any("email", [...emails]).build();
  const reply = await kl.call((api) => api.profiles.getProfiles({ filter, pageSize: 100, fieldsProfile: ["email"] }));
  if (!reply.ok) return failure(reply);
  const parsed = parseReply(profilesReply, reply.data, "profile lookup");
  if (!parsed.ok) return parsed;
  return { ok: true, data: new Map(parsed.data.body.data.flatMap((p) => (p.attributes.email ? [[p.attributes.email.toLowerCase(), p.id] as const] : []))) };
}

export async function changeMembership(config: KlaviyoConfig, listId: string, emails: readonly string[], change: "add" | "remove"): Promise<CrmResult<ListMemberOutcome[]>> {
  if (emails.length > MAX_LIST_BATCH) return { ok: false, error: { kind: "invalid", message: `Klaviyo list changes take at most ${MAX_LIST_BATCH} contacts per call; got ${emails.length}` } };
  const wanted = emails.map((e) => e.trim().toLowerCase());
  if (wanted.length === 0) return { ok: true, data: [] };
  const kl = klaviyoSession(config);

  const found = await profileIdsByEmail(kl, [...new Set(wanted)]);
  if (!found.ok) return found;
  const idByEmail = found.data;
  const refused = new Map<string, string>();

  if (change === "add") {
    const unknown = [...new Set(wanted)].filter((e) => !idByEmail.has(e));
    const whole = (r: ImportResult | undefined) => Boolean(r && !r.ok && !r.perProfile);
    const made = await inPool(unknown, CONCURRENCY, (email) => importProfile(kl, { email, properties: {} }), whole);
    for (const [i, r] of made.entries()) {
      if (!r) continue;
      if (r.ok) idByEmail.set(unknown[i]!, r.id);
      else if (r.perProfile) refused.set(unknown[i]!, r.error);
      else return { ok: false, error: r.error };
    }
  }

  const ids = [...new Set(wanted.flatMap((e) => idByEmail.get(e) ?? []))];
  if (ids.length > 0) {
    const data = ids.map((id) => ({ type: "profile" as const, id }));
    const reply = await kl.call((api) => (change === "add" ? api.lists.addProfilesToList(listId, { data }) : api.lists.removeProfilesFromList(listId, { data })));
    if (!reply.ok) return failure(reply);
  }

  return {
    ok: true,
    data: wanted.map((email): ListMemberOutcome => {
      const recordId = idByEmail.get(email) ?? null;
      // Out of the list is what a removal wants, whether or not Klaviyo knows the profile.
      if (change === "remove") return { email, ok: true, recordId };
      if (!recordId) return { email, ok: false, retryable: false, error: refused.get(email) ?? "Klaviyo did not create a profile for this email" };
      return { email, ok: true, recordId };
    }),
  };
}
