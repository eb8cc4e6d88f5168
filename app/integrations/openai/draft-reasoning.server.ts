import type { ProposeError } from "./errors";
import { reasoningFacts, reasoningMessages, reasoningReplySchema, REASONING_RESPONSE_FORMAT, type ReasoningInput } from "./reasoning";
import { scrubPersonalData } from "./scrub";
import { scrubText } from "./scrub-text";
import { structuredCompletion, type CallRecord, type CompletionDeps, type OpenAIConfig } from "./structured-completion.server";

// A next-best-action reasoning text drafted by the configured model. The caller keeps the template
// whenever this returns ok: false.

export type DraftReasoningResult = { ok: true; data: { reasoning: string; call: CallRecord } } | { ok: false; error: ProposeError; call: CallRecord };

const MAX_COMPLETION_TOKENS = 200;

// The draft is shown to staff and sent to CRMs. "product" mode runs the email, phone, card and IP
// stages and leaves out the name and street heuristics, which would refuse ordinary sentences
// ("for Coffee buyers") for no gain: the model never saw a name to repeat.
function personalDataIn(draft: { reasoning: string }): ProposeError | null {
  const { count } = scrubText(draft.reasoning, "product", null);
  return count > 0 ? { kind: "refused", message: "the draft contains personal data (an email, phone, card-like number or IP address); it was not used" } : null;
}

/**
 * Drafts the reasoning text for one customer's next-best action. Only the features in
 * `ReasoningInput` are sent, scrubbed of personal data; the reply is zod-checked (at most 280
 * characters after trimming) and refused if it holds an email, phone or card-like number.
 * @example
 * const result = await draftReasoning(config, { tier: "gold", clvMinor: 42_000, ..., template });
 * const text = result.ok ? result.data.reasoning : template;
 */
export async function draftReasoning(config: OpenAIConfig, input: ReasoningInput, deps: CompletionDeps = {}): Promise<DraftReasoningResult> {
  const messages = reasoningMessages(scrubPersonalData(reasoningFacts(input)).value);
  const result = await structuredCompletion(
    config,
    { messages, responseFormat: REASONING_RESPONSE_FORMAT, maxCompletionTokens: MAX_COMPLETION_TOKENS, schema: reasoningReplySchema, schemaName: "reasoning", check: personalDataIn },
    deps,
  );
  return result.ok ? { ok: true, data: { reasoning: result.data.reasoning, call: result.call } } : result;
}
