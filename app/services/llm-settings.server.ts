import { z } from "zod";
import prisma from "../db.server";
import { env } from "../env.server";
import { recordAudit } from "../models/audit.server";
import { readSetting, StaleSettingError, writeSetting } from "../models/settings.server";
import { DEFAULT_TIMEOUT_MS, type OpenAIConfig } from "../integrations/openai/client.server";
import { llmConfigured } from "../integrations/openai/deterministic";
import { isSealed, openSecret, sealSecret } from "./secrets.server";
import { isPublicHost } from "../lib/outbound-url";

// The language model a shop uses: its own setting ("llm") when saved and valid, else the LLM_* env
// defaults when all three are set, else none (proposals then come from the rules templates).
// The API key is stored in the setting row, sealed (app/lib/secret-box), because the call needs it,
// and nowhere else: it never goes into the audit log, the settings view or an error message.
// Rows saved before keys were sealed still hold the plain key and are sealed at their next save.


const baseURL = z
  .string()
  .trim()
  .url("a URL such as https://api.openai.com/v1")
  .refine((value) => {
    if (!URL.canParse(value)) return true; // reported by .url() above
    const url = new URL(value);
    // In production the key must not be sent to this machine or the shop's network (SSRF).
    if (env.NODE_ENV === "production") return url.protocol === "https:" && isPublicHost(url.hostname);
    return url.protocol === "https:" || url.protocol === "http:";
  }, "must be an https:// URL on a public host");

export const llmSettingSchema = z.object({
  baseURL,
  model: z.string().trim().min(1, "a model name").max(200),
  apiKey: z.string().trim().min(1, "an API key").max(500),
  timeoutMs: z.coerce.number().int().min(100).max(10_000).default(DEFAULT_TIMEOUT_MS),
});
export type LlmSetting = z.infer<typeof llmSettingSchema>;

/** What the settings form submits: a blank apiKey keeps the saved one (the page never shows it). */
export const llmSettingsInputSchema = llmSettingSchema.extend({
  apiKey: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export type LlmConfig = Required<OpenAIConfig> & { source: "shop" | "env" };

const keyContext = (shop: string) => `llm:${shop}`;
// As stored: the same fields, the key sealed (longer than what the form accepts).
const storedSchema = llmSettingSchema.extend({ apiKey: z.string().min(1).max(4000) });

/** The saved setting with its key opened, or null when there is none or it cannot be read. */
function openStored(shop: string, value: unknown): LlmSetting | null {
  const stored = storedSchema.safeParse(value);
  if (!stored.success) return null;
  try {
    const apiKey = isSealed(stored.data.apiKey) ? openSecret(stored.data.apiKey, keyContext(shop)) : stored.data.apiKey;
    return { ...stored.data, apiKey };
  } catch {
    return null; // sealed under a key this process does not have: treated as not configured
  }
}

/** The per-shop setting if it parses, else the env defaults if complete, else null. */
export async function llmConfigFor(shop: string): Promise<LlmConfig | null> {
  const row = await readSetting(shop, "llm");
  const stored = row ? openStored(shop, row.value) : null;
  if (stored) return { ...stored, source: "shop" };
  const fromEnv = { baseURL: env.LLM_BASE_URL, apiKey: env.LLM_API_KEY, model: env.LLM_MODEL };
  if (fromEnv.baseURL && fromEnv.apiKey && fromEnv.model && llmConfigured(fromEnv)) {
    return { baseURL: fromEnv.baseURL, apiKey: fromEnv.apiKey, model: fromEnv.model, timeoutMs: DEFAULT_TIMEOUT_MS, source: "env" };
  }
  return null;
}

export type LlmSettingsView = {
  configured: boolean;
  source: "shop" | "env" | "none";
  baseURL: string | null;
  model: string | null;
  timeoutMs: number;
  apiKeySet: boolean;
  /** Version of the saved setting (0: none), for saveLlmSettings' optimistic lock. */
  version: number;
};

/** For the settings page: where the config comes from and what it is, never the key. */
export async function llmSettingsView(shop: string): Promise<LlmSettingsView> {
  const [config, row] = await Promise.all([llmConfigFor(shop), readSetting(shop, "llm")]);
  const version = row?.version ?? 0;
  if (!config) return { configured: false, source: "none", baseURL: null, model: null, timeoutMs: DEFAULT_TIMEOUT_MS, apiKeySet: false, version };
  return { configured: true, source: config.source, baseURL: config.baseURL, model: config.model, timeoutMs: config.timeoutMs, apiKeySet: config.apiKey.length > 0, version };
}

export type SaveLlmSettingsResult =
  | { ok: true; view: LlmSettingsView }
  | { ok: false; status: 400 | 409; error: string; fieldErrors: Record<string, string[]> };

// What the audit entry keeps of a setting: everything but the key.
const masked = (s: LlmSetting) => ({ baseURL: s.baseURL, model: s.model, timeoutMs: s.timeoutMs, apiKey: "[set]" });

/**
 * Validates and saves the shop's LLM setting, with a `settings.changed` audit entry in the same
 * transaction. With `expectedVersion`, a save over someone else's newer save is refused (409).
 * @example
 * const result = await saveLlmSettings(shop, Object.fromEntries(await request.formData()), staffId, view.version);
 * if (!result.ok) return json(result, { status: result.status });
 */
export async function saveLlmSettings(shop: string, input: unknown, staffId: string, expectedVersion?: number): Promise<SaveLlmSettingsResult> {
  const parsed = llmSettingsInputSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, status: 400, error: "The LLM settings are not valid", fieldErrors: parsed.error.flatten().fieldErrors as Record<string, string[]> };
  }
  try {
    await prisma.$transaction(async (tx) => {
      const current = await readSetting(shop, "llm", tx);
      const before = current ? openStored(shop, current.value) : null;
      const apiKey = parsed.data.apiKey ?? before?.apiKey;
      if (!apiKey) throw new MissingKeyError();
      const value: LlmSetting = { ...parsed.data, apiKey };
      await writeSetting(tx, shop, "llm", { ...value, apiKey: sealSecret(apiKey, keyContext(shop)) }, staffId, expectedVersion);
      await recordAudit(tx, {
        shop,
        event: "settings.changed",
        actor: "user",
        actorId: staffId,
        entity: "llm",
        ...(before ? { before: masked(before) } : {}),
        after: { ...masked(value), apiKeyChanged: apiKey !== before?.apiKey },
        reasons: ["LLM settings saved"],
      });
    });
  } catch (error) {
    if (error instanceof MissingKeyError) return { ok: false, status: 400, error: "The LLM settings are not valid", fieldErrors: { apiKey: ["an API key"] } };
    if (error instanceof StaleSettingError) return { ok: false, status: 409, error: error.message, fieldErrors: {} };
    throw error;
  }
  return { ok: true, view: await llmSettingsView(shop) };
}

class MissingKeyError extends Error {}
