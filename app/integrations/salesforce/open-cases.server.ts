import { z } from "zod";
import type { CrmResult } from "../crm/types";
import type { SalesforceConfig } from "./connection.server";
import { unexpectedReply, withSession } from "./session.server";
import { openCaseQueries } from "./soql";

const pageSchema = z.object({
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.object({ Contact: z.object({ Email: z.string().nullish() }).nullish() })),
});

/**
 * Lower-cased emails among `emails` whose Contact has an open Case modified at or after `since`
 * (a Case created since then was modified since then too). Follows nextRecordsUrl through every
 * page: one customer with many open Cases takes one row each.
 */
export function openSupportCases(config: SalesforceConfig, emails: readonly string[], since: Date): Promise<CrmResult<Set<string>>> {
  const wanted = new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ""));
  if (Number.isNaN(since.getTime())) return Promise.resolve({ ok: false, error: { kind: "invalid", message: "since is not a valid date" } });
  if (wanted.size === 0) return Promise.resolve({ ok: true, data: new Set<string>() });
  return withSession(config, async ({ conn }) => {
    const found = new Set<string>();
    for (const soql of openCaseQueries([...wanted], since)) {
      let page = pageSchema.safeParse(await conn.query(soql));
      for (;;) {
        if (!page.success) return unexpectedReply("query", page.error.message);
        for (const record of page.data.records) {
          // SOQL compares text ignoring case, so the stored address may differ in case from ours.
          const email = record.Contact?.Email?.toLowerCase();
          if (email && wanted.has(email)) found.add(email);
        }
        if (page.data.done || !page.data.nextRecordsUrl) break;
        page = pageSchema.safeParse(await conn.queryMore(page.data.nextRecordsUrl));
      }
    }
    return { ok: true, data: found };
  });
}
