import type { Prisma } from "@prisma/client";
import type { ZodIssue } from "zod";
import prisma from "../db.server";
import { WORKFLOWS, type Workflow } from "../engine/decide";
import { flagSchema, type Flag, type FlagMode, type FlagTargeting } from "../engine/flags";
import { recordAudit, type AuditEvent } from "../models/audit.server";
import { readSetting, readSettings, StaleSettingError, writeSetting, type SettingKey } from "../models/settings.server";
import type { Approver } from "./approvals.server";
import { shadowEstimate, type ShadowEstimate } from "./shadow.server";
import { invalidateWorkflowConfig } from "./workflow-config.server";
import { defaultFlag } from "./workflow-defaults.server";

// Per-workflow flags in the admin: read, edit (optimistically locked), and the kill switch. Every
// write is a new setting version and a flag.changed audit entry in one transaction.

export type FieldErrors = Record<string, string>;
export type SaveResult =
  | { ok: true; version: number }
  | { ok: false; status: 409 | 422; error: string; fieldErrors?: FieldErrors };

const CONFLICT = "Someone else changed this since you opened the page. Reload to see their change, then try again.";

/** Field errors keyed by the form's field names, from zod issues whose paths `field` maps. */
export function fieldErrorsOf(issues: ZodIssue[], field: (path: (string | number)[]) => string): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) out[field(issue.path)] ??= issue.message;
  return out;
}

/** "path: before → after" for every leaf that changed, for the audit entry's reasons. */
export function describeChanges(before: unknown, after: unknown, path = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => describeChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  const a = JSON.stringify(before ?? null);
  const b = JSON.stringify(after ?? null);
  return a === b ? [] : [`${path || "value"}: ${a} → ${b}`];
}

const isConflict = (error: unknown) => {
  if (error instanceof StaleSettingError) return true;
  const code = (error as { code?: string } | null)?.code;
  // Serialization failure (40001 / P2034) or two first saves racing to create the row (P2002).
  return code === "P2034" || code === "P2002" || code === "40001" || /could not serialize/i.test(String((error as Error)?.message));
};

type Built = { value: Prisma.InputJsonValue; before: Prisma.InputJsonValue; summary: string } | { fieldErrors: FieldErrors };

/**
 * Writes the next version of a setting with its audit entry, in one serializable transaction.
 * `build` gets the stored row (null when none) and the version being written, and returns the new
 * value or field errors (nothing is written). Without `expectedVersion` (the kill switch) the write
 * applies to whatever is current and is retried on a concurrent change instead of refused.
 */
export async function saveAuditedSetting(opts: {
  shop: string;
  key: SettingKey;
  event: AuditEvent;
  workflow?: string;
  actor: Approver;
  expectedVersion?: number;
  build: (current: { version: number; value: unknown } | null, version: number) => Built;
}): Promise<SaveResult> {
  const { shop, key, actor, expectedVersion } = opts;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await prisma.$transaction(
        async (tx): Promise<SaveResult> => {
          const current = await readSetting(shop, key, tx);
          if (expectedVersion !== undefined && (current?.version ?? 0) !== expectedVersion) throw new StaleSettingError(key);
          const version = (current?.version ?? 0) + 1;
          const built = opts.build(current, version);
          if ("fieldErrors" in built) return { ok: false, status: 422, error: "Some values are not valid", fieldErrors: built.fieldErrors };
          await writeSetting(tx, shop, key, built.value, actor.name, current?.version ?? 0);
          await recordAudit(tx, {
            shop,
            event: opts.event,
            actor: "user",
            actorId: actor.staffId,
            entity: key,
            before: built.before,
            after: built.value,
            ...(opts.workflow ? { workflow: opts.workflow } : {}),
            reasons: [`${built.summary} by ${actor.name} (staff ${actor.staffId}), version ${version}`, ...describeChanges(built.before, built.value)],
          });
          return { ok: true, version };
        },
        { isolationLevel: "Serializable" },
      );
      if (result.ok) invalidateWorkflowConfig(shop);
      return result;
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (expectedVersion === undefined && attempt < 3) continue;
      return { ok: false, status: 409, error: CONFLICT };
    }
  }
}

// ---- Flags --------------------------------------------------------------------------------------

export type FlagInput = { mode: FlagMode; rolloutPercent: number; targeting: FlagTargeting };

const flagKey = (workflow: Workflow): SettingKey => `flag:${workflow}`;

/** The stored flag, or the default when there is none or it no longer parses. */
function currentFlag(workflow: Workflow, stored: unknown): { flag: Flag; invalid: boolean } {
  if (stored === undefined || stored === null) return { flag: defaultFlag(workflow), invalid: false };
  const parsed = flagSchema.safeParse(stored);
  return parsed.success ? { flag: parsed.data, invalid: false } : { flag: defaultFlag(workflow), invalid: true };
}

const FLAG_FIELDS: Record<string, string> = { "rollout.percent": "rolloutPercent", "targeting.tiers": "tiers", "targeting.countries": "countries", "targeting.devices": "devices", "targeting.customerType": "customerType" };
const flagField = (path: (string | number)[]) => FLAG_FIELDS[path.slice(0, 2).join(".")] ?? String(path[0] ?? "form");

/** Every workflow's flag with its version, and the off-policy estimate for those in shadow mode. */
export async function flagsPage(shop: string, now = new Date()) {
  const rows = await readSettings(shop, WORKFLOWS.map(flagKey));
  return {
    workflows: await Promise.all(
      WORKFLOWS.map(async (workflow) => {
        const row = rows.get(flagKey(workflow));
        const { flag, invalid } = currentFlag(workflow, row?.value);
        const shadow: ShadowEstimate | null = flag.mode === "shadow" && !invalid ? await shadowEstimate(shop, workflow, now) : null;
        return {
          workflow,
          flag,
          invalid,
          version: row?.version ?? 0,
          updatedAt: row?.updatedAt.toISOString() ?? null,
          updatedBy: row?.updatedBy ?? null,
          shadow,
        };
      }),
    ),
  };
}

/** Mode, rollout and targeting from the admin form; kill switch, seed and hash version are kept. */
export async function saveFlag(shop: string, workflow: Workflow, input: FlagInput, expectedVersion: number, actor: Approver): Promise<SaveResult> {
  return saveAuditedSetting({
    shop,
    key: flagKey(workflow),
    event: "flag.changed",
    workflow,
    actor,
    expectedVersion,
    build: (current, version) => {
      const { flag: before } = currentFlag(workflow, current?.value);
      const next = flagSchema.safeParse({ ...before, mode: input.mode, rollout: { ...before.rollout, percent: input.rolloutPercent }, targeting: input.targeting, version });
      if (!next.success) return { fieldErrors: fieldErrorsOf(next.error.issues, flagField) };
      return { value: next.data, before, summary: `${workflow} flag set to ${next.data.mode} at ${next.data.rollout.percent}%` };
    },
  });
}

/**
 * The kill switch: one click turns the workflow off for every unit, whatever its mode, rollout or
 * targeting. It is not optimistically locked (an emergency must not fail on a stale page); it
 * changes `killed` only. Decisions see it within the config cache's lifetime (under 1 s).
 */
export async function setKillSwitch(shop: string, workflow: Workflow, killed: boolean, actor: Approver): Promise<SaveResult> {
  return saveAuditedSetting({
    shop,
    key: flagKey(workflow),
    event: "flag.changed",
    workflow,
    actor,
    build: (current, version) => {
      const { flag: before } = currentFlag(workflow, current?.value);
      return { value: { ...before, killed, version }, before, summary: killed ? `${workflow} kill switch pulled` : `${workflow} kill switch released` };
    },
  });
}
