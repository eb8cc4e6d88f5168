import { ApiKeySession, ListsApi, ProfilesApi, RetryWithExponentialBackoff } from "klaviyo-api";
import { z } from "zod";
import type { CrmError, CrmResult } from "../crm/types";
import { toCrmError } from "./errors";

// One Klaviyo session per adapter call: the official SDK's API-key session with its retries off
// (the sync queue owns retrying and pacing), an axios timeout on every request, and every refusal
// turned into a CrmError.

export type KlaviyoConfig = {
  /** A private API key (pk_…) with profiles:write and lists:write. */
  apiKey: string;
  /** API base; defaults to https://a.klaviyo.com. Tests point it at tools/local-klaviyo. */
  baseUrl?: string;
  timeoutMs?: number;
};

export const DEFAULT_BASE_URL = "https://a.klaviyo.com";
const DEFAULT_TIMEOUT_MS = 15_000;

type RequestOptions = Parameters<ApiKeySession["applyToRequest"]>[0];

// The SDK builds its axios config per call and offers no timeout; the session is the one hook
// that sees every request, so the timeout rides on it.
class TimedApiKeySession extends ApiKeySession {
  constructor(
    apiKey: string,
    private readonly timeoutMs: number,
  ) {
    // numRetries 0: the first failure is thrown, including 429 and 503 the SDK would otherwise retry.
    super(apiKey, new RetryWithExponentialBackoff({ numRetries: 0 }));
  }

  override applyToRequest(requestOptions: RequestOptions): void {
    super.applyToRequest(requestOptions);
    requestOptions.timeout = this.timeoutMs;
  }
}

/** A call's result; `status` is the HTTP status of a refusal (null for network errors and timeouts). */
export type CallResult<T> = { ok: true; data: T } | { ok: false; error: CrmError; status: number | null };

export type KlaviyoApis = { profiles: ProfilesApi; lists: ListsApi };

export type KlaviyoSession = {
  /** Runs one SDK call; a refusal, network error or timeout comes back as a CrmError. */
  call<T>(send: (apis: KlaviyoApis) => Promise<T>): Promise<CallResult<T>>;
};

/** A failed call as the adapter reports it (without the status, which is ours to branch on). */
export const failure = (reply: { error: CrmError }): { ok: false; error: CrmError } => ({ ok: false, error: reply.error });

/** Checks what the SDK handed back against what we rely on; a surprise is treated as an outage. */
export function parseReply<S extends z.ZodTypeAny>(schema: S, reply: unknown, what: string): CrmResult<z.output<S>> {
  const parsed = schema.safeParse(reply);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, error: { kind: "unavailable", message: `Klaviyo sent an unexpected ${what} reply: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` } };
}

export function klaviyoSession(config: KlaviyoConfig): KlaviyoSession {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const session = new TimedApiKeySession(config.apiKey, timeoutMs);
  const basePath = (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const apis: KlaviyoApis = { profiles: new ProfilesApi(session), lists: new ListsApi(session) };
  apis.profiles.basePath = basePath;
  apis.lists.basePath = basePath;

  return {
    async call<T>(send: (apis: KlaviyoApis) => Promise<T>): Promise<CallResult<T>> {
      try {
        return { ok: true, data: await send(apis) };
      } catch (error) {
        const refused = axiosFailure.safeParse(error);
        if (refused.success && refused.data.response) {
          const { status, data, headers } = refused.data.response;
          return { ok: false, error: toCrmError({ status, body: data, headers: lowerCased(headers) }, new Date()), status };
        }
        if (refused.success && TIMEOUT_CODES.has(refused.data.code ?? "")) return { ok: false, error: { kind: "unavailable", message: `Klaviyo did not answer within ${timeoutMs} ms` }, status: null };
        return { ok: false, error: { kind: "unavailable", message: `Klaviyo call failed: ${describe(error)}` }, status: null };
      }
    },
  };
}

// The SDK rethrows axios's AxiosError: `response` for any non-2xx answer, `code` for a timeout or a
// network error. Recognised by shape, so the app need not depend on axios itself.
const axiosFailure = z.object({
  isAxiosError: z.literal(true),
  code: z.string().optional(),
  response: z.object({ status: z.number().int(), data: z.unknown(), headers: z.record(z.unknown()) }).optional(),
});
const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT"]);

function lowerCased(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => typeof v === "string").map(([k, v]) => [k.toLowerCase(), v as string]));
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${error.message} (${code})` : error.message;
}
