// What dynamic audiences need from a CRM: adding contacts to a list and taking them out, by email.
// Separate from CrmAdapter (scores) because only some CRMs have lists the app may write to, and the
// audience sync (app/services/audiences-sync.server.ts) owns batching, retries and audit.
import type { CrmProvider, CrmResult } from "./types";

/** Per-email result of a membership change, in the order of the input. */
export type ListMemberOutcome =
  | { email: string; ok: true; recordId: string | null }
  | { email: string; ok: false; retryable: boolean; error: string };

export interface CrmListAdapter {
  readonly provider: CrmProvider;
  /** Largest number of emails one call accepts. */
  readonly maxBatch: number;
  /** Puts the contacts with these emails in the list; a current member stays, an unknown email fails (retryable). */
  addToList(listId: string, emails: readonly string[]): Promise<CrmResult<ListMemberOutcome[]>>;
  /** Takes them out; a contact that is not in the list, or not in the CRM at all, counts as removed. */
  removeFromList(listId: string, emails: readonly string[]): Promise<CrmResult<ListMemberOutcome[]>>;
}
