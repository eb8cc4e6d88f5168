import { createHash } from "node:crypto";
import OpenAI from "openai";
import { z } from "zod";
import { classifyError, type ProposeError, type ProposeErrorKind } from "./errors";
import { buildMessages, type ChatMessage } from "./prompt";
import { proposalSchema, type Proposal, type ProposalInput } from "./proposal";
import { PROPOSAL_RESPONSE_FORMAT } from "./proposal-json-schema";
import { scrubPersonalData } from "./scrub";

// One offer proposal from an OpenAI-compatible chat.completions endpoint, through the official SDK.
//
// Time budget: each attempt gets timeoutMs, there are at most two attempts, and the whole call ends
// within 2 × timeoutMs. The SDK's own retries are off (maxRetries: 0) so that bound holds and the
// audit record counts real requests. The one retry is for 429, 5xx, timeouts and network errors;
// a 429 whose retry-after would not leave time for a useful second attempt is returned at once.
// A malformed or refused reply is not retried: the caller falls back to templateProposal.

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

export type ProposeResult =
  | { ok: true; data: { source: "llm"; proposal: Proposal; call: CallRecord } }
  | { ok: false; error: ProposeError; call: CallRecord };

export type ProposeDeps = {
  /** Monotonic clock in ms; performance.now by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export const DEFAULT_TIMEOUT_MS = 1500;
const MAX_ATTEMPTS = 2;
const MAX_COMPLETION_TOKENS = 600;

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

type AttemptResult = { ok: true; proposal: Proposal } | { ok: false; error: ProposeError };

export function promptHash(messages: ChatMessage[]): string {
  return createHash("sha256").update(JSON.stringify(messages)).digest("hex");
}

function readReply(raw: unknown): AttemptResult & { usage?: { prompt: number; completion: number }; model?: string } {
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
  const proposal = proposalSchema.safeParse(json);
  if (!proposal.success) {
    const issues = proposal.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { ...meta, ok: false, error: { kind: "malformed", message: `the reply does not match the proposal schema (${issues.join("; ")})` } };
  }
  return { ...meta, ok: true, proposal: proposal.data };
}

/**
 * Asks the model for one offer proposal. Personal data is scrubbed from `input` before the
 * messages are built; the reply is parsed with zod and never trusted beyond that.
 * @example
 * const result = await proposeOffer({ baseURL, apiKey, model: "gpt-4o-mini" }, input);
 * const proposal = result.ok ? result.data.proposal : templateProposal(input).proposal;
 */
export async function proposeOffer(config: OpenAIConfig, input: ProposalInput, deps: ProposeDeps = {}): Promise<ProposeResult> {
  const now = deps.now ?? (() => performance.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = config.timeoutMs && config.timeoutMs > 0 ? config.timeoutMs : DEFAULT_TIMEOUT_MS;
  const start = now();
  const deadline = start + MAX_ATTEMPTS * timeoutMs;

  const messages = buildMessages(scrubPersonalData(input).value, input.guardrails);
  const call: CallRecord = { model: config.model, promptHash: promptHash(messages), promptTokens: 0, completionTokens: 0, latencyMs: 0, outcome: "ok", attempts: 0 };
  // organization and project are null so OPENAI_ORG_ID / OPENAI_PROJECT_ID in the environment
  // never add headers the config did not ask for.
  const client = new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey, timeout: timeoutMs, maxRetries: 0, organization: null, project: null });
  const finish = (result: AttemptResult): ProposeResult => {
    call.latencyMs = Math.round(now() - start);
    call.outcome = result.ok ? "ok" : result.error.kind;
    return result.ok ? { ok: true, data: { source: "llm", proposal: result.proposal, call } } : { ok: false, error: result.error, call };
  };

  let attemptTimeout = timeoutMs;
  for (;;) {
    call.attempts++;
    try {
      const raw: unknown = await client.chat.completions.create(
        { model: config.model, messages, response_format: PROPOSAL_RESPONSE_FORMAT, max_completion_tokens: MAX_COMPLETION_TOKENS },
        { timeout: attemptTimeout },
      );
      const reply = readReply(raw);
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
