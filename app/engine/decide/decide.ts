// decide(context) → Decision: the pure core. It never throws (an unreadable context decides `none`),
// reads no clock and no global randomness, and returns plain JSON whose text is identical for
// identical inputs, so any logged decision can be replayed (replay.ts).
import { NO_ACTION, type Action } from "./action";
import { decisionContextSchema, type DecisionContext } from "./context";
import type { Decision, DecisionOutcome, DecisionSource } from "./decision";
import { buildFacts, cartTotals, FactReader } from "./facts";
import { applyGuardrails } from "./guardrails";
import { sortKeys, toJson, type Json } from "./json";
import { parseProposal } from "./llm";
import { decisionRng } from "./random";
import { evaluateRules } from "./rules";
import { thompson } from "./thompson";
import { checkThresholds } from "./thresholds";

/** Bumped whenever the same inputs could decide differently; part of every decision's modelVersion. */
export const ENGINE_VERSION = "uplift-decide/1.0.0";

/** How sure each source is: rules and defaults are certain, an LLM's proposal is a guess we checked. */
const CONFIDENCE = { rule: 1, default: 1, llm: 0.5 } as const;

type Candidate = { action: Action; source: DecisionSource; ruleId: string | null; propensity: number; confidence: number };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined);

/**
 * Decide what to do for one unit. Accepts anything; only a context that parses can lead to an action,
 * and every candidate (rule, learning arm, LLM proposal) passes the guardrails before it is returned.
 * @example
 * const decision = decide({ workflow: "checkout_incentive", unitId: customerId, cart, customer, session,
 *   history, now: new Date().toISOString(), seed: "checkout-v3", policy, guardrails });
 * if (decision.outcome === "apply") await writeMetafield(decision.action, decision.targetVariantIds);
 */
export function decide(raw: unknown): Decision {
  let parsed: ReturnType<typeof decisionContextSchema.safeParse>;
  try {
    parsed = decisionContextSchema.safeParse(raw);
  } catch {
    return unreadable(["invalid context: it could not be read"]);
  }
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "context"}: ${i.message}`);
    return unreadable(issues.map((i) => `invalid context: ${i}`));
  }
  try {
    return decideParsed(parsed.data);
  } catch (error) {
    // Unreachable by design; kept so that a bug downgrades to `none` instead of failing checkout.
    return unreadable([`internal error: ${error instanceof Error ? error.message : "unknown"}`]);
  }
}

function unreadable(reasons: string[]): Decision {
  return {
    action: NO_ACTION,
    outcome: "skip",
    source: "default",
    ruleId: null,
    reasons: [...reasons, "no action"],
    modelVersion: `${ENGINE_VERSION}/unknown`,
    inputs: { invalid: true },
    confidence: 0,
    propensity: 1,
    experimentArm: null,
    discountMinor: 0,
    targetVariantIds: [],
  };
}

export function decideParsed(ctx: DecisionContext): Decision {
  const { policy } = ctx;
  const policyRef = `${policy.id}@${policy.version}`;
  const reasons: string[] = [`policy ${policyRef} (${policy.mode}) for ${ctx.workflow}`];
  const facts = new FactReader(buildFacts(ctx));
  const applies = policy.workflow === ctx.workflow;
  let candidate: Candidate = { action: NO_ACTION, source: "default", ruleId: null, propensity: 1, confidence: CONFIDENCE.default };
  let segment: string | null = null;

  if (!applies) {
    reasons.push(`policy is for ${policy.workflow}, not ${ctx.workflow}; no action`);
  } else if (policy.mode === "rules") {
    const hit = evaluateRules(policy.rules, facts, reasons);
    if (hit === null) reasons.push("no rule matched; no action");
    else {
      candidate = { action: hit.action, source: "rule", ruleId: hit.ruleId, propensity: 1, confidence: CONFIDENCE.rule };
      reasons.push(`rule "${hit.ruleId}" matched: ${hit.action.type}`);
    }
  } else {
    segment = policy.segmentBy.length === 0 ? "*" : policy.segmentBy.map((path) => `${path}=${JSON.stringify(facts.get(path) ?? null)}`).join("&");
    const stats = own(ctx.learning.segments, segment);
    const drawn = thompson(policy.arms, stats, policy.prior, decisionRng(ctx.seed, ctx.unitId));
    if (drawn === null) reasons.push("learning policy has no arms; no action");
    else {
      const p = Math.max(1e-6, round6(drawn.propensity));
      candidate = { action: drawn.arm.action, source: "learning", ruleId: drawn.arm.id, propensity: p, confidence: p };
      const n = stats ? (own(stats, drawn.arm.id)?.n ?? 0) : 0;
      reasons.push(`arm "${drawn.arm.id}" drawn by Thompson sampling in segment ${segment} (P(best) ${p.toFixed(3)}, n = ${n})`);
    }
  }

  if (ctx.llmProposal !== undefined && ctx.llmProposal !== null) {
    const proposal = parseProposal(ctx.llmProposal);
    if (!policy.acceptLlmProposals) reasons.push("LLM proposal ignored: the policy does not accept proposals");
    else if (!applies) reasons.push("LLM proposal ignored: the policy does not apply to this workflow");
    else if (!proposal.ok) reasons.push(proposal.reason);
    else if (candidate.action.type === "risk_route" && proposal.action.type !== "risk_route") {
      reasons.push("LLM proposal ignored: a model may not lift a risk route");
    } else {
      candidate = { action: proposal.action, source: "llm", ruleId: null, propensity: 1, confidence: CONFIDENCE.llm };
      reasons.push(`LLM proposal taken as candidate: ${proposal.action.type}`, ...proposal.reasons);
    }
  }

  const guarded = applyGuardrails(candidate.action, ctx);
  reasons.push(...guarded.reasons);
  const subtotalMinor = cartTotals(ctx.cart.lines).subtotalMinor;
  const thresholds = checkThresholds(guarded.action, guarded.discountMinor, subtotalMinor, ctx.guardrails);
  reasons.push(...thresholds.reasons);
  let outcome: DecisionOutcome = thresholds.review ? "review" : "apply";
  if (ctx.mode === "shadow") {
    reasons.push(`shadow mode: not applied (live outcome would be ${outcome})`);
    outcome = "shadow";
  }

  return {
    action: guarded.action,
    outcome,
    source: guarded.replaced ? "guardrail" : candidate.source,
    ruleId: candidate.ruleId,
    reasons,
    modelVersion: `${ENGINE_VERSION}/${policyRef}`,
    inputs: sortKeys({ features: facts.features(), segment, context: loggedContext(ctx, segment) }),
    confidence: candidate.confidence,
    propensity: candidate.propensity,
    experimentArm: ctx.experimentArm,
    discountMinor: guarded.discountMinor,
    targetVariantIds: guarded.targetVariantIds,
  };
}

/**
 * The context as logged: complete enough to replay, but with learning statistics cut down to the one
 * segment and the arms that were read (a shop's full table would bloat every audit entry).
 */
function loggedContext(ctx: DecisionContext, segment: string | null): Json {
  const segments: DecisionContext["learning"]["segments"] = {};
  const stats = segment === null ? undefined : own(ctx.learning.segments, segment);
  if (segment !== null && stats !== undefined) {
    const kept: Record<string, (typeof stats)[string]> = {};
    for (const arm of ctx.policy.arms) {
      const s = own(stats, arm.id);
      if (s !== undefined) kept[arm.id] = s;
    }
    segments[segment] = kept;
  }
  return toJson({ ...ctx, learning: { segments } });
}
