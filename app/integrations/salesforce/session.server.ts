import type { CrmResult } from "../crm/types";
import { openSession, type SalesforceConfig, type SalesforceSession } from "./connection.server";
import { toCrmError } from "./errors";

/**
 * Runs one adapter call on a fresh session and turns whatever jsforce throws into a CrmError; the
 * call itself returns a CrmResult for replies it refuses (zod failures, short result lists).
 */
export async function withSession<T>(config: SalesforceConfig, call: (session: SalesforceSession) => Promise<CrmResult<T>>): Promise<CrmResult<T>> {
  const session = openSession(config);
  try {
    return await call(session);
  } catch (error) {
    return { ok: false, error: toCrmError(error, session.lastStatus(), session.conn.limitInfo.apiUsage) };
  }
}

/** A 2xx reply that does not have the shape Salesforce documents: a bug or an API change, not retried. */
export const unexpectedReply = (what: string, detail: string) => ({ ok: false as const, error: { kind: "invalid" as const, message: `unexpected ${what} reply from Salesforce: ${detail}` } });
