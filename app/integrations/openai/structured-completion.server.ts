import { createHash } from "node:crypto";
import OpenAI from "openai";
import { z } from "zod";
import { classifyError, type ProposeError, type ProposeErrorKind } from "./errors";
import type { ChatMessage } from "./prompt";

// One chat.completions call with structured output (a JSON schema), through the official SDK, with
// the time budget every model call in the app keeps.
//
// Time budget: each attempt gets timeoutMs, there are at most two attempts, and the whole call ends
// within 2 × timeoutMs. The SDK's own retries are off (maxRetries: 0) so that bound holds and the
// audit record counts real requests. The one retry is for 429, 5xx, timeouts and network errors;
// a 429 whose retry-after would not leave time for a useful second attempt is returned at once.
// A malformed or refused reply is not retried: the caller falls back to its template.

export type OpenAIConfig = { baseURL: string; apiKey: string; model: string; timeoutMs?: number };

/** What the audit log stores for every call, successful or not. */
export type CallRecord = {
  model: string;
  /** sha256 hex of JSON.stringify(messages), the exact messages sent. */
  promptHash: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  outcome: "ok" | ProposeErrorKind;
  attempts: number;
};

export type CompletionDeps = {
  /** Monotonic clock in ms; performance.now by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type StructuredRequest<T> = {
  messages: ChatMessage[];
  responseFormat: { type: "json_schema"; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };
  maxCompletionTokens: number;
  /** Parses the reply's JSON; its output type is what the caller gets. */
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /** Names the schema in the error a mismatch returns ("proposal", "reasoning"). */
  schemaName: string;
  /** Refuses a reply that parses but must not be used; null keeps it. */
  check?: (data: T) => ProposeError | null;
};

export type CompletionResult<T> = { ok: true; data: T; call: CallRecord } | { ok: false; error: ProposeError; call: CallRecord };

export const DEFAULT_TIMEOUT_MS = 1500;
const MAX_ATTEMPTS = 2;

// The reply envelope is vendor output too: checked before anything reads it.
const completionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).nullish(),
});

type AttemptResult<T> = { ok: true; data: T } | { ok: false; error: ProposeError };

export function promptHash(messages: ChatMessage[]): string {
  return createHash("sha256").update(JSON.stringify(messages)).digest("hex");
}

function readReply<T>(raw: unknown, request: StructuredRequest<T>): AttemptResult<T> & { usage?: { prompt: number; completion: number }; model?: string } {
  const envelope = completionSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: { kind: "malformed", message: "the reply is not a chat completion" } };
  const { choices, usage, model } = envelope.data;
  const meta = { model, usage: usage ? { prompt: usage.prompt_tokens, completion: usage.completion_tokens } : undefined };
  const choice = choices[0]!;
  if (choice.message.refusal) return { ...meta, ok: false, error: { kind: "refused", message: choice.message.refusal.slice(0, 500) } };
  if (choice.finish_reason === "content_filter") return { ...meta, ok: false, error: { kind: "refused", message: "stopped by the content filter" } };
  if (choice.finish_reason === "length") return { ...meta, ok: false, error: { kind: "malformed", message: "the reply was cut off at the token limit" } };
  let json: unknown;
  try {
    json = JSON.parse(choice.message.content ?? "");
  } catch {
    return { ...meta, ok: false, error: { kind: "malformed", message: "the reply is not JSON" } };
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { ...meta, ok: false, error: { kind: "malformed", message: `the reply does not match the ${request.schemaName} schema (${issues.join("; ")})` } };
  }
  const refusal = request.check?.(parsed.data) ?? null;
  if (refusal) return { ...meta, ok: false, error: refusal };
  return { ...meta, ok: true, data: parsed.data };
}

/**
 * Sends `request.messages` and returns the reply parsed with `request.schema`, with a call record
 * for the audit log whatever the outcome. The messages are sent as given: scrubbing them is the
 * caller's job, before they are built.
 * @example
 * const result = await structuredCompletion(config, { messages, responseFormat, maxCompletionTokens: 200, schema, schemaName: "reasoning" });
 * if (!result.ok) return keepTemplate(result.error.kind);
 */
export async function structuredCompletion<T>(config: OpenAIConfig, request: StructuredRequest<T>, deps: CompletionDeps = {}): Promise<CompletionResult<T>> {
  const now = deps.now ?? (() => performance.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = config.timeoutMs && config.timeoutMs > 0 ? config.timeoutMs : DEFAULT_TIMEOUT_MS;
  const start = now();
  const deadline = start + MAX_ATTEMPTS * timeoutMs;

  const { messages } = request;
  const call: CallRecord = { model: config.model, promptHash: promptHash(messages), promptTokens: 0, completionTokens: 0, latencyMs: 0, outcome: "ok", attempts: 0 };
  // organization and project are null so OPENAI_ORG_ID / OPENAI_PROJECT_ID in the environment
  // never add headers the config did not ask for.
  const client = new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey, timeout: timeoutMs, maxRetries: 0, organization: null, project: null });
  const finish = (result: AttemptResult<T>): CompletionResult<T> => {
    call.latencyMs = Math.round(now() - start);
    call.outcome = result.ok ? "ok" : result.error.kind;
    return result.ok ? { ok: true, data: result.data, call } : { ok: false, error: result.error, call };
  };

  let attemptTimeout = timeoutMs;
  for (;;) {
    call.attempts++;
    try {
      const raw: unknown = await client.chat.completions.create(
        { model: config.model, messages, response_format: request.responseFormat, max_completion_tokens: request.maxCompletionTokens },
        { timeout: attemptTimeout },
      );
      const reply = readReply(raw, request);
      if (reply.model) call.model = reply.model;
      call.promptTokens += reply.usage?.prompt ?? 0;
      call.completionTokens += reply.usage?.completion ?? 0;
      return finish(reply);
    } catch (error) {
      const failure = classifyError(error);
      const wait = failure.retryAfterMs ?? 0;
      const remaining = deadline - now() - wait;
      // A second attempt with less than a quarter of the budget would mostly time out.
      if (!failure.retryable || call.attempts >= MAX_ATTEMPTS || remaining < timeoutMs / 4) {
        return finish({ ok: false, error: { kind: failure.kind, message: failure.message } });
      }
      if (wait > 0) await sleep(wait);
      attemptTimeout = Math.min(timeoutMs, Math.floor(remaining));
    }
  }
}
