import { flagSchema, type Flag } from "../engine/flags";
import { guardrailSettingsSchema, policySchema, type GuardrailSettingsInput, type PolicyInput, type Workflow } from "../engine/decide";
import { readSettings, type SettingKey } from "../models/settings.server";
import { DEFAULT_EXPERIMENTS, DEFAULT_GUARDRAILS, defaultFlag, defaultPolicy, type ExperimentsSetting } from "./workflow-defaults.server";

export type WorkflowConfig = {
  guardrails: GuardrailSettingsInput;
  guardrailsVersion: number;
  policy: PolicyInput;
  flag: Flag;
  /** The stored flag did not parse: the workflow runs as off (fail closed). */
  flagInvalid: boolean;
  experiments: ExperimentsSetting;
};

// Settings are read on the checkout path, so each process keeps them briefly. The cache lifetime
// bounds how long a change (the kill switch above all) takes to reach every process: under 1 s.
export const CONFIG_TTL_MS = 500;
const cache = new Map<string, { at: number; value: Promise<WorkflowConfig> }>();

export function invalidateWorkflowConfig(shop: string) {
  for (const key of cache.keys()) if (key.startsWith(`${shop}|`)) cache.delete(key);
}

export function workflowConfig(shop: string, workflow: Workflow, now = Date.now()): Promise<WorkflowConfig> {
  const key = `${shop}|${workflow}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < CONFIG_TTL_MS) return hit.value;
  const value = load(shop, workflow);
  cache.set(key, { at: now, value });
  value.catch(() => cache.delete(key));
  return value;
}

async function load(shop: string, workflow: Workflow): Promise<WorkflowConfig> {
  const keys: SettingKey[] = ["guardrails", "experiments", `policy:${workflow}`, `flag:${workflow}`];
  const rows = await readSettings(shop, keys);
  const guardrailsRow = rows.get("guardrails");
  const storedGuardrails = guardrailSettingsSchema.safeParse(guardrailsRow?.value);
  const storedPolicy = policySchema.safeParse(rows.get(`policy:${workflow}`)?.value);
  const flagRow = rows.get(`flag:${workflow}`);
  const storedFlag = flagRow ? flagSchema.safeParse(flagRow.value) : null;
  return {
    // Settings are validated when saved; a row that no longer parses (an older schema) falls back
    // to the cautious defaults rather than to no guardrails.
    guardrails: storedGuardrails.success && guardrailsRow ? (guardrailsRow.value as GuardrailSettingsInput) : DEFAULT_GUARDRAILS,
    guardrailsVersion: guardrailsRow?.version ?? 0,
    policy: storedPolicy.success ? (rows.get(`policy:${workflow}`)!.value as PolicyInput) : defaultPolicy(workflow),
    flag: storedFlag?.success ? storedFlag.data : defaultFlag(workflow),
    flagInvalid: storedFlag ? !storedFlag.success : false,
    experiments: { ...DEFAULT_EXPERIMENTS, ...((rows.get("experiments")?.value as Partial<ExperimentsSetting> | undefined) ?? {}) },
  };
}
