import type { ProposeError } from "./errors";
import { buildMessages } from "./prompt";
import { proposalSchema, type Proposal, type ProposalInput } from "./proposal";
import { PROPOSAL_RESPONSE_FORMAT } from "./proposal-json-schema";
import { scrubPersonalData } from "./scrub";
import { structuredCompletion, type CallRecord, type CompletionDeps, type OpenAIConfig } from "./structured-completion.server";

// One offer proposal from an OpenAI-compatible chat.completions endpoint, through the official SDK.
// The time budget, the one retry and the reply checks are structuredCompletion's; a malformed or
// refused reply sends the caller to templateProposal.

export { DEFAULT_TIMEOUT_MS, promptHash, type CallRecord, type OpenAIConfig } from "./structured-completion.server";

export type ProposeResult =
  | { ok: true; data: { source: "llm"; proposal: Proposal; call: CallRecord } }
  | { ok: false; error: ProposeError; call: CallRecord };

export type ProposeDeps = CompletionDeps;

const MAX_COMPLETION_TOKENS = 600;

/**
 * Asks the model for one offer proposal. Personal data is scrubbed from `input` before the
 * messages are built; the reply is parsed with zod and never trusted beyond that.
 * @example
 * const result = await proposeOffer({ baseURL, apiKey, model: "gpt-4o-mini" }, input);
 * const proposal = result.ok ? result.data.proposal : templateProposal(input).proposal;
 */
export async function proposeOffer(config: OpenAIConfig, input: ProposalInput, deps: ProposeDeps = {}): Promise<ProposeResult> {
  const messages = buildMessages(scrubPersonalData(input).value, input.guardrails);
  const result = await structuredCompletion(
    config,
    { messages, responseFormat: PROPOSAL_RESPONSE_FORMAT, maxCompletionTokens: MAX_COMPLETION_TOKENS, schema: proposalSchema, schemaName: "proposal" },
    deps,
  );
  return result.ok ? { ok: true, data: { source: "llm", proposal: result.data, call: result.call } } : result;
}
