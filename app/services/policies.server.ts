import type { Prisma } from "@prisma/client";
import { OPERATORS, policySchema, type Workflow } from "../engine/decide";
import { readSetting } from "../models/settings.server";
import type { Approver } from "./approvals.server";
import { saveAuditedSetting, type SaveResult } from "./flags.server";
import { defaultPolicy } from "./workflow-defaults.server";

// A workflow's policy is a document (rules → action, or learning arms), edited as JSON by the
// merchant's developer or an analyst. It is validated with the engine's own schema before it is
// stored, and its version is the setting's, so every decision names the policy it ran under.

export async function policyPage(shop: string, workflow: Workflow) {
  const row = await readSetting(shop, `policy:${workflow}`);
  const stored = policySchema.safeParse(row?.value);
  const policy = row && stored.success ? row.value : defaultPolicy(workflow);
  return {
    workflow,
    version: row?.version ?? 0,
    isDefault: !row,
    storedInvalid: Boolean(row && !stored.success),
    text: JSON.stringify(policy, null, 2),
    operators: Object.keys(OPERATORS),
  };
}

export async function savePolicy(shop: string, workflow: Workflow, text: string, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, status: 422, error: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}`, fieldErrors: { policy: "Not valid JSON" } };
  }
  return saveAuditedSetting({
    shop,
    key: `policy:${workflow}`,
    event: "policy.changed",
    workflow,
    actor,
    expectedVersion,
    build: (current, version) => {
      // The stored version always follows the setting's, whatever the document says.
      const parsed = policySchema.safeParse({ ...(doc as object), version });
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(parsed.error.issues.slice(0, 10).map((i) => [i.path.join(".") || "policy", i.message]));
        return { fieldErrors };
      }
      if (parsed.data.workflow !== workflow) return { fieldErrors: { workflow: `this policy is for ${workflow}` } };
      const value = { ...(doc as object), version } as Prisma.InputJsonValue;
      const before = (current?.value ?? defaultPolicy(workflow)) as Prisma.InputJsonValue;
      return { value, before, summary: `policy ${parsed.data.id} for ${workflow} saved` };
    },
  });
}
