import { z } from "zod";
import type { CrmResult } from "../crm/types";
import { failure, klaviyoSession, parseReply, type KlaviyoConfig } from "./client.server";

// Klaviyo profile properties need no schema, so "ensuring the fields" only proves the key: one
// list read (GET /api/lists), which a key without lists access or a wrong key fails with 401/403.

const listsReply = z.object({ body: z.object({ data: z.array(z.object({ id: z.string() })) }) });

export async function verifyKey(config: KlaviyoConfig): Promise<CrmResult<{ created: string[]; existing: string[] }>> {
  const reply = await klaviyoSession(config).call((api) => api.lists.getLists({ fieldsList: ["name"] }));
  if (!reply.ok) return failure(reply);
  const parsed = parseReply(listsReply, reply.data, "list");
  if (!parsed.ok) return parsed;
  return { ok: true, data: { created: [], existing: [] } };
}
