import { z } from "zod";
import type { CrmError } from "../crm/types";
import { parseReply, type KlaviyoSession } from "./client.server";
import type { KlaviyoProfileInput } from "./properties";

// One POST /api/profile-import: create-or-update by email. Klaviyo answers 201 for a new profile
// and 200 for an update, with the profile's id either way.

const importReply = z.object({
  response: z.object({ status: z.number().int() }),
  body: z.object({ data: z.object({ id: z.string().min(1) }) }),
});

/** A refusal that concerns this profile only (its data), as opposed to the whole sync (limits, key, outage). */
export type ImportResult = { ok: true; id: string; created: boolean } | { ok: false; perProfile: true; error: string } | { ok: false; perProfile: false; error: CrmError };

/** Calls in flight per batch: well inside profile-import's 75/s burst, shared with the rest of the account. */
export const CONCURRENCY = 4;

const WHOLE_CALL = new Set([401, 403, 429]);

export async function importProfile(kl: KlaviyoSession, profile: KlaviyoProfileInput): Promise<ImportResult> {
  const reply = await kl.call((api) =>
    api.profiles.createOrUpdateProfile({
      data: { type: "profile", attributes: { email: profile.email, firstName: profile.firstName, lastName: profile.lastName, properties: profile.properties } },
    }),
  );
  if (!reply.ok) {
    const { status } = reply;
    if (status !== null && status >= 400 && status < 500 && !WHOLE_CALL.has(status)) return { ok: false, perProfile: true, error: reply.error.message };
    return { ok: false, perProfile: false, error: reply.error };
  }
  const parsed = parseReply(importReply, reply.data, "profile import");
  if (!parsed.ok) return { ok: false, perProfile: false, error: parsed.error };
  return { ok: true, id: parsed.data.body.data.id, created: parsed.data.response.status === 201 };
}

/**
 * Runs `work` over `items` with at most `limit` in flight, in input order of results. Stops taking
 * new items once `stop` says so (a whole-call error: the rest would meet the same refusal).
 */
export async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, stop: (result: R) => boolean): Promise<Array<R | undefined>> {
  const results: Array<R | undefined> = new Array(items.length);
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length) {
      const index = next++;
      const result = await work(items[index]!);
      results[index] = result;
      if (stop(result)) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
