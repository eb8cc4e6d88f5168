import type { Action, ActionType } from "../../engine/decide/action";
import { COPY_LIMITS, type Proposal, type ProposalInput } from "./proposal";

// The default when no LLM is configured: a proposal from fixed templates, labelled source "rules"
// so no screen or audit entry ever presents it as AI. It stays inside the guardrail summary it is
// given, but like an LLM proposal it still goes through the engine's guardrails afterwards.

export type RulesProposal = { source: "rules"; templateId: string; proposal: Proposal };

export type LlmConfig = { baseURL?: string | null; apiKey?: string | null; model?: string | null };

/** True when an LLM call can be made; otherwise use templateProposal. */
export function llmConfigured(config: LlmConfig | null | undefined): boolean {
  return Boolean(config?.apiKey?.trim() && config.model?.trim());
}

const DEFAULT_PERCENT = 10;
const RETURNING_RECOVERY_PERCENT = 5;
export const RECOVERY_TEMPLATE = "cart_recovery_default";

/** The largest whole percent within both the percent cap and the money cap for this subtotal. */
export function cappedPercent(input: ProposalInput, wanted = DEFAULT_PERCENT): number {
  const { maxDiscountPercent, maxDiscountMinor } = input.guardrails;
  const subtotal = input.cart.subtotalMinor;
  const byMoney = maxDiscountMinor === null ? wanted : subtotal > 0 ? Math.floor((maxDiscountMinor * 100) / subtotal) : 0;
  return Math.max(0, Math.min(wanted, Math.floor(maxDiscountPercent), byMoney));
}

// Product titles can be long; copy stays within the limits LLM copy is held to.
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

const proposal = (templateId: string, action: Action, reason: string, headline: string, body: string): RulesProposal => ({
  source: "rules",
  templateId,
  proposal: { action, reasons: [reason], copy: { headline: clip(headline, COPY_LIMITS.headline), body: clip(body, COPY_LIMITS.body) } },
});

const none = (reason: string) => proposal("none", { type: "none" }, reason, "No offer", "No offer is shown for this cart.");

/** Merchant-approved variants that are not already in the cart. */
const freshCandidates = (input: ProposalInput) => (input.cart.candidates ?? []).filter((c) => !input.cart.lines.some((l) => l.variantId === c.variantId));

/** A proposal from templates, chosen by workflow and kept inside the guardrail summary. */
export function templateProposal(input: ProposalInput): RulesProposal {
  const allowed = (t: ActionType) => input.guardrails.allowedActionTypes.includes(t);
  const percent = cappedPercent(input);
  const save = (what: string) => (percent > 0 ? `${what} and save ${percent}%.` : `${what}.`);
  const candidates = freshCandidates(input);
  switch (input.workflow) {
    case "payment_risk":
      if (!allowed("risk_route")) return none("risk_route is not allowed by the guardrails");
      return proposal("risk-manual-review", { type: "risk_route", route: "manual_review" }, "Payment risk workflow routes to manual review by default.", "Order under review", "We are checking your order and will confirm it shortly.");
    case "abandoned_cart": {
      const templates = input.guardrails.allowedTemplates ?? [];
      if (!allowed("recovery_message") || (templates.length > 0 && !templates.includes(RECOVERY_TEMPLATE))) return none("the default recovery message is not allowed by the guardrails");
      const p = input.features.returning ? Math.min(percent, RETURNING_RECOVERY_PERCENT) : percent;
      return proposal("recovery-default", { type: "recovery_message", template: RECOVERY_TEMPLATE, percent: p }, `Default recovery message at ${p}%; returning customers get at most ${RETURNING_RECOVERY_PERCENT}%.`, "You left something behind", "Your cart is saved. Come back and finish your order whenever you are ready.");
    }
    case "bundle": {
      if (!allowed("bundle") || candidates.length === 0) return none("no bundle candidate, or bundle is not allowed");
      const picked = candidates.slice(0, 2);
      return proposal("bundle-first-candidates", { type: "bundle", variantIds: picked.map((c) => c.variantId), percent }, `First ${picked.length} merchant-approved candidates not in the cart, at ${percent}% off.`, "Complete the set", save(`Add ${picked.map((c) => c.title).join(" and ")}`));
    }
    case "post_purchase":
    case "customer_nba": {
      const candidate = candidates[0];
      if (!candidate || !allowed("upsell")) return none("no upsell candidate, or upsell is not allowed");
      return proposal("upsell-first-candidate", { type: "upsell", variantId: candidate.variantId, percent }, `First merchant-approved candidate not in the cart, at ${percent}% off.`, `Add ${candidate.title}`, save(`Add ${candidate.title} to your order`));
    }
    case "checkout_incentive":
      if (allowed("free_shipping")) return proposal("checkout-free-shipping", { type: "free_shipping" }, "Free shipping is the default checkout incentive.", "Free shipping on this order", "Shipping is on us when you complete your order today.");
      if (allowed("percentage_discount") && percent > 0) return proposal("checkout-percent", { type: "percentage_discount", percent }, `Percentage discount capped at ${percent}% by the guardrails.`, `${percent}% off your order`, save("Complete your order today"));
      return none("no checkout incentive is allowed by the guardrails");
  }
}
