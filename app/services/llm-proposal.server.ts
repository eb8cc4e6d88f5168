import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { guardrailSettingsSchema, type Action, type GuardrailSettings } from "../engine/decide";
import { ineligibility } from "../engine/decide/eligibility";
import { evaluateFlag } from "../engine/flags";
import { recordAudit } from "../models/audit.server";
import { proposeOffer, type CallRecord, type ProposeDeps } from "../integrations/openai/client.server";
import { templateProposal } from "../integrations/openai/deterministic";
import type { ProposeErrorKind } from "../integrations/openai/errors";
import type { Proposal, ProposalInput } from "../integrations/openai/proposal";
import { decideFor, decisionRequestSchema, type DecideResult, type DecisionRequest } from "./decide.server";
import { llmConfigFor } from "./llm-settings.server";
import { workflowConfig } from "./workflow-config.server";

// Offer proposals for the workflows that run off the request path (abandoned cart, post-purchase,
// bundles, next best action): from the shop's language model when one is configured, else, or when
// the call fails, from the fixed templates. Every model call leaves an `llm.call` audit entry with
// its cost and outcome, and nothing else: no prompt text, no reply text, no personal data.
//
// Only a model's proposal is handed to the engine as `llmProposal`. A template proposal is not: the
// engine labels whatever arrives there as source "llm" (and the audit actor as "ai"), and a template
// must never be presented as AI. Without a model the shop's own policy decides.

export type ProposalSource = "llm" | "rules";

/** How the admin labels where a proposal came from. */
export const PROPOSAL_SOURCE_LABELS: Record<ProposalSource, string> = {
  llm: "AI proposal (checked by guardrails)",
  rules: "Rules template (no AI)",
};

export type ProposalOutcome = {
  source: ProposalSource;
  proposal: Proposal;
  /** The template used, when source is "rules". */
  templateId: string | null;
  /** Set when the model was asked: the call's cost and outcome, and the audit entry's entity. */
  call: CallRecord | null;
  callId: string | null;
  /** The failure that sent a configured shop to the templates; null otherwise. */
  fallback: ProposeErrorKind | null;
};

/**
 * One proposal for `input`: the model's when configured and it answers well, else a template's.
 * Records an `llm.call` audit entry for every model call, whatever its outcome.
 * @example
 * const { source, proposal } = await proposalFor(shop, input);
 * // source "rules": show PROPOSAL_SOURCE_LABELS.rules, never an AI badge
 */
export async function proposalFor(shop: string, input: ProposalInput, deps: ProposeDeps = {}): Promise<ProposalOutcome> {
  const config = await llmConfigFor(shop);
  if (!config) return rules(input, null, null, null);

  const result = await proposeOffer(config, input, deps);
  const call = result.ok ? result.data.call : result.call;
  const callId = randomUUID();
  const reasons = result.ok
    ? [`model proposed ${result.data.proposal.action.type}`]
    : [`LLM call failed (${result.error.kind}); fell back to the rules template`];
  await recordAudit(prisma, {
    shop,
    event: "llm.call",
    actor: "ai",
    entity: callId,
    workflow: input.workflow,
    // CallRecord holds counts, a hash and the outcome; the error message is left out (vendor text).
    after: { ...call, configSource: config.source, proposalSource: result.ok ? "llm" : "rules" },
    reasons,
  });
  if (result.ok) return { source: "llm", proposal: result.data.proposal, templateId: null, call, callId, fallback: null };
  return rules(input, call, callId, result.error.kind);
}

function rules(input: ProposalInput, call: CallRecord | null, callId: string | null, fallback: ProposeErrorKind | null): ProposalOutcome {
  const template = templateProposal(input);
  return { source: "rules", proposal: template.proposal, templateId: template.templateId, call, callId, fallback };
}

/** A decision request, plus product titles by variant id for the prompt (merchant text, untrusted). */
export type ProposalRequest = DecisionRequest & { titles?: Record<string, string> };

export type DecideWithProposalResult = DecideResult & {
  proposalSource: ProposalSource;
  proposalLabel: string;
  /** The proposal asked for; null when none was (checkout, or the workflow is off for this unit). */
  proposal: Proposal | null;
  /** The proposal's copy, only when the decision kept its action unchanged: copy for 30% off must
   * not go out with an offer the guardrails cut to 10%. */
  copy: Proposal["copy"] | null;
  llmCallId: string | null;
  fallback: ProposeErrorKind | null;
};

const sameAction = (a: Action, b: Action) => JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

/**
 * Gets a proposal for a workflow off the request path and lets the engine decide with it
 * (guardrails, thresholds and approvals apply as to any candidate). The checkout workflow never
 * calls a model: its request is decided by the policy alone, and any `llmProposal` it carries is dropped.
 */
export async function decideWithProposal(shop: string, request: ProposalRequest, options: { now?: Date; seed?: string; deps?: ProposeDeps } = {}): Promise<DecideWithProposalResult> {
  const { titles = {}, llmProposal: _ignored, ...decisionRequest } = request;
  const req = decisionRequestSchema.parse(decisionRequest);
  const now = options.now ?? new Date();
  const decideOptions = { now, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const withoutProposal = async (): Promise<DecideWithProposalResult> => ({
    ...(await decideFor(shop, decisionRequest, decideOptions)),
    proposalSource: "rules",
    proposalLabel: PROPOSAL_SOURCE_LABELS.rules,
    proposal: null,
    copy: null,
    llmCallId: null,
    fallback: null,
  });
  if (req.workflow === "checkout_incentive") return withoutProposal();

  // The same flag check decideFor makes: a workflow that is off (or killed) for this unit sends
  // nothing to a vendor.
  const config = await workflowConfig(shop, req.workflow, now.getTime());
  const unit = {
    id: req.unitId,
    ...(req.customer ? { tier: req.customer.tier, isReturning: req.customer.isReturning } : {}),
    country: req.customer?.country ?? req.session.country,
    device: req.session.device,
  };
  if (evaluateFlag(config.flagInvalid ? undefined : config.flag, unit, "off").mode === "off") return withoutProposal();

  const guardrails = guardrailSettingsSchema.parse(config.guardrails);
  const outcome = await proposalFor(shop, proposalInput(req, guardrails, titles), options.deps);
  const result = await decideFor(shop, outcome.source === "llm" ? { ...decisionRequest, llmProposal: outcome.proposal } : decisionRequest, decideOptions);
  const kept = result.decision !== null && result.decision.outcome !== "skip" && sameAction(result.decision.action, outcome.proposal.action);
  return {
    ...result,
    proposalSource: outcome.source,
    proposalLabel: PROPOSAL_SOURCE_LABELS[outcome.source],
    proposal: outcome.proposal,
    copy: kept ? outcome.proposal.copy : null,
    llmCallId: outcome.callId,
    fallback: outcome.fallback,
  };
}

type ParsedRequest = ReturnType<typeof decisionRequestSchema.parse>;

/**
 * What the model sees: the cart's variants, prices and titles, behavioural features and the
 * guardrail summary. Ids that point at a person (unitId, customer and order gids, cart token) and
 * the session are left out; scrubPersonalData in the client is the second line, not the first.
 */
export function proposalInput(req: ParsedRequest, guardrails: GuardrailSettings, titles: Record<string, string>): ProposalInput {
  const title = (variantId: string) => titles[variantId]?.slice(0, 200) ?? "Untitled item";
  const subtotalMinor = req.cart.lines.reduce((n, l) => n + l.unitPriceMinor * l.quantity, 0);
  const caps = [guardrails.dailyBudgetMinor, guardrails.approval.discountAboveMinor].filter((n): n is number => n !== null);
  return {
    workflow: req.workflow,
    cart: {
      currency: req.cart.currency,
      subtotalMinor,
      lines: req.cart.lines.map((l) => ({ variantId: l.variantId, title: title(l.variantId), quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
      // Only what the guardrails would let through: no point inviting an excluded gift.
      candidates: req.catalog.filter((item) => ineligibility(item, guardrails) === null).map((item) => ({ variantId: item.variantId, title: title(item.variantId), priceMinor: item.unitPriceMinor })),
    },
    features: {
      ...(req.customer ? { segment: req.customer.tier } : {}),
      ordersCount: req.customer?.ordersCount ?? 0,
      returning: req.customer?.isReturning ?? false,
    },
    guardrails: {
      maxDiscountPercent: guardrails.maxDiscountPercent,
      // Aim below the approval threshold and the daily budget; the engine enforces the rest.
      maxDiscountMinor: caps.length > 0 ? Math.min(...caps) : null,
      allowedActionTypes: guardrails.allowedActionTypes.filter((t) => t !== "risk_route" || req.workflow === "payment_risk"),
      allowedTemplates: guardrails.allowedTemplates,
    },
  };
}
