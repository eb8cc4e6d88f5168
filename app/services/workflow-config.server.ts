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
// After the TTL, a value younger than this is still served while a refresh runs in the background,
// so a busy pool never stalls checkout behind a settings read. Ages count from the start of the
// read that produced the value, so nothing older than STALE_MS is ever used: under one second.
export const CONFIG_STALE_MS = 800;

type Entry = { at: number; generation: number; value: Promise<WorkflowConfig>; settled?: WorkflowConfig; refreshing?: boolean };
const cache = new Map<string, Entry>();
// Bumped when this process saves a setting: a read that started before the save must not be cached.
let generation = 0;

export function invalidateWorkflowConfig(shop: string) {
  generation++;
  for (const key of cache.keys()) if (key.startsWith(`${shop}|`)) cache.delete(key);
}

function start(key: string, shop: string, workflow: Workflow, now: number): Entry {
  const entry: Entry = { at: now, generation, value: load(shop, workflow) };
  entry.value.then(
    (config) => {
      entry.settled = config;
      // A read overtaken by a save, or by a newer read, must not replace what is cached.
      const current = cache.get(key);
      if (entry.generation === generation && (!current || current.at <= entry.at)) cache.set(key, entry);
    },
    () => {
      if (cache.get(key) === entry) cache.delete(key);
    },
  );
  return entry;
}

export function workflowConfig(shop: string, workflow: Workflow, now = Date.now()): Promise<WorkflowConfig> {
  const key = `${shop}|${workflow}`;
  const hit = cache.get(key);
  const age = hit ? now - hit.at : Infinity;
  if (hit && age < CONFIG_TTL_MS) return hit.value;
  if (hit?.settled && age < CONFIG_STALE_MS) {
    if (!hit.refreshing) {
      hit.refreshing = true;
      start(key, shop, workflow, now).value.catch(() => (hit.refreshing = false));
    }
    return Promise.resolve(hit.settled);
  }
  const entry = start(key, shop, workflow, now);
  cache.set(key, entry);
  return entry.value;
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
