import type { Flag } from "../engine/flags";
import type { GuardrailSettingsInput, PolicyInput, Workflow } from "../engine/decide";

// What a shop runs before anyone changes a setting: every workflow off, cautious guardrails, and
// a small rules policy per workflow that a merchant can read in one glance.
export const DEFAULT_GUARDRAILS: GuardrailSettingsInput = {
  maxDiscountPercent: 15,
  marginFloor: { percentOfPrice: 20, minMinor: 0 },
  frequency: { maxOffersPerWindow: 3, minMinutesBetweenOffers: 60 },
  dailyBudgetMinor: 50_000,
  shippingCostEstimateMinor: 800,
  approval: { cartValueAboveMinor: 50_000, discountAboveMinor: 5_000 },
};

/** Offers counted against the frequency cap look back this far. */
export const FREQUENCY_WINDOW_DAYS = 7;

export const DEFAULT_EXPERIMENTS = {
  universalHoldout: { percent: 5, seed: "uplift-universal" },
  holdoutPercent: 10,
};
export type ExperimentsSetting = typeof DEFAULT_EXPERIMENTS;

export function defaultFlag(workflow: Workflow): Flag {
  return { workflow, mode: "off", killed: false, rollout: { percent: 100, seed: workflow, hashVersion: 2 }, targeting: {}, version: 0 };
}

const cents = (dollars: number) => dollars * 100;

export function defaultPolicy(workflow: Workflow): PolicyInput {
  const base = { id: `${workflow}-default`, version: 1, workflow, mode: "rules" as const };
  switch (workflow) {
    case "checkout_incentive":
      return {
        ...base,
        rules: [
          { id: "churn-risk-returning", when: [{ field: "customer.isReturning", op: "eq", value: true }, { field: "customer.churnRisk", op: "gte", value: 0.6 }], action: { type: "percentage_discount", percent: 10 } },
          { id: "big-cart-free-shipping", when: [{ field: "cart.subtotalMinor", op: "gte", value: cents(150) }], action: { type: "free_shipping" } },
        ],
      };
    case "abandoned_cart":
      return {
        ...base,
        rules: [
          { id: "high-value-cart", when: [{ field: "cart.subtotalMinor", op: "gte", value: cents(200) }], action: { type: "recovery_message", template: "recovery-incentive", percent: 10 } },
          { id: "any-cart", when: [{ field: "cart.itemCount", op: "gte", value: 1 }], action: { type: "recovery_message", template: "recovery-reminder", percent: 0 } },
        ],
      };
    case "payment_risk":
      return { ...base, rules: [{ id: "high-risk", when: [{ field: "session.riskScore", op: "gte", value: 0.8 }], action: { type: "risk_route", route: "hide_deferred_payments" } }] };
    default:
      return { ...base, rules: [] };
  }
}
