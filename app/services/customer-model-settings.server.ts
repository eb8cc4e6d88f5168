import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { DEFAULT_NBA_RULES, DEFAULT_TIER_QUANTILES, nbaRulesSchema, tierQuantilesSchema, type NbaRule, type TierQuantiles } from "../engine/clv";
import { readSetting } from "../models/settings.server";
import type { Approver } from "./approvals.server";
import { saveAuditedSetting, type SaveResult } from "./flags.server";

// Per shop: where the tier boundaries sit (CLV quantiles of the shop's own customers) and the
// next-best-action rules. Both are data, versioned and audited like policies; the next scoring run
// uses them. A stored value that no longer parses falls back to the defaults, said on the page.

export const customerModelSchema = z.object({ quantiles: tierQuantilesSchema, nbaRules: nbaRulesSchema.min(1, "at least one rule") });
export type CustomerModelSettings = { quantiles: TierQuantiles; nbaRules: NbaRule[] };

export async function customerModelSettings(shop: string): Promise<CustomerModelSettings & { version: number; invalid: boolean; custom: boolean }> {
  const row = await readSetting(shop, "customer-model");
  const parsed = customerModelSchema.safeParse(row?.value);
  if (row && parsed.success) return { ...parsed.data, version: row.version, invalid: false, custom: true };
  return { quantiles: DEFAULT_TIER_QUANTILES, nbaRules: DEFAULT_NBA_RULES, version: row?.version ?? 0, invalid: Boolean(row), custom: false };
}

/** The form: quantiles as percentages of customers below each tier, rules as JSON text. */
export const customerModelFormSchema = z.object({
  platinum: z.coerce.number(),
  gold: z.coerce.number(),
  silver: z.coerce.number(),
  rules: z.string().max(50_000),
});

export async function saveCustomerModelSettings(shop: string, form: z.infer<typeof customerModelFormSchema>, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  let rules: unknown;
  try {
    rules = JSON.parse(form.rules);
  } catch (error) {
    return { ok: false, status: 422, error: "Some values are not valid", fieldErrors: { rules: `not JSON: ${(error as Error).message}` } };
  }
  return saveAuditedSetting({
    shop,
    key: "customer-model",
    event: "settings.changed",
    actor,
    expectedVersion,
    build: (current) => {
      const next = customerModelSchema.safeParse({ quantiles: { platinum: form.platinum / 100, gold: form.gold / 100, silver: form.silver / 100 }, nbaRules: rules });
      if (!next.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of next.error.issues) {
          const field = issue.path[0] === "nbaRules" ? "rules" : String(issue.path[1] ?? "silver");
          fieldErrors[field] ??= issue.path[0] === "nbaRules" ? `${issue.path.slice(1).join(".")}: ${issue.message}` : issue.message;
        }
        return { fieldErrors };
      }
      const before = (current?.value ?? { quantiles: DEFAULT_TIER_QUANTILES, nbaRules: DEFAULT_NBA_RULES }) as Prisma.InputJsonValue;
      return { value: next.data as unknown as Prisma.InputJsonValue, before, summary: "Customer tiers and next-best-action rules changed" };
    },
  });
}
