import { z } from "zod";
import type { CrmResult } from "../crm/types";
import type { SalesforceConfig } from "./connection.server";
import { CUSTOM_FIELDS, EXTERNAL_ID_FIELD } from "./fields";
import { unexpectedReply, withSession } from "./session.server";

const describeSchema = z.object({ fields: z.array(z.object({ name: z.string(), externalId: z.boolean().optional() })) });
const createdSchema = z.object({ id: z.string().min(1), success: z.literal(true) });

/**
 * Describes Contact and creates, one Tooling API call each, the custom fields it lacks. Running it
 * again creates nothing. Metadata changes are made one at a time: parallel CustomField creates on
 * one object contend for the same metadata lock.
 *
 * A field created here is visible only to profiles and permission sets given field-level security
 * on it; until the integration user has it, describe does not list it and Salesforce refuses
 * another create with DUPLICATE_DEVELOPER_NAME, which is reported as existing.
 */
export function ensureContactFields(config: SalesforceConfig): Promise<CrmResult<{ created: string[]; existing: string[] }>> {
  return withSession(config, async ({ conn }) => {
    const described = describeSchema.safeParse(await conn.describe("Contact"));
    if (!described.success) return unexpectedReply("describe", described.error.message);
    const present = new Map(described.data.fields.map((f) => [f.name.toLowerCase(), f]));
    const key = present.get(EXTERNAL_ID_FIELD.toLowerCase());
    if (key && key.externalId === false) {
      return { ok: false, error: { kind: "invalid", message: `Contact.${EXTERNAL_ID_FIELD} exists but is not an External ID field; upserts by it would be refused` } };
    }

    const created: string[] = [];
    const existing: string[] = [];
    for (const spec of CUSTOM_FIELDS) {
      if (present.has(spec.name.toLowerCase())) {
        existing.push(spec.name);
        continue;
      }
      try {
        const reply = createdSchema.safeParse(await conn.tooling.sobject("CustomField").create({ FullName: `Contact.${spec.name}`, Metadata: spec.metadata }));
        if (!reply.success) return unexpectedReply("CustomField create", reply.error.message);
        created.push(spec.name);
      } catch (error) {
        if ((error as { errorCode?: unknown }).errorCode !== "DUPLICATE_DEVELOPER_NAME") throw error;
        existing.push(spec.name);
      }
    }
    return { ok: true, data: { created, existing } };
  });
}
