// Next-best action per customer (issue 5) from CLV, churn risk, recency and category affinity.
// Rules are data (zod-validated, like the workflow policies): the first rule whose conditions all
// hold wins; an operator this code does not know makes its condition false (fail closed).
import { z } from "zod";
import { compare } from "../compare";
import type { Tier } from "./tiers";

export type CustomerFeatures = {
  clvMinor: number;
  churnRisk: number;
  pAlive: number;
  tier: Tier;
  frequency: number;
  orders: number;
  daysSinceLastOrder: number;
  /** Days past the customer's usual next order (negative: not due yet; null for one-time buyers). */
  daysOverdue: number | null;
  expectedPurchases12m: number;
  topCategory: string | null;
  /** "model" when BG/NBD + Gamma-Gamma scored the customer, "rules" for small shops. */
  source: "model" | "rules";
};
export type FeatureName = keyof CustomerFeatures;

const FEATURES = ["clvMinor", "churnRisk", "pAlive", "tier", "frequency", "orders", "daysSinceLastOrder", "daysOverdue", "expectedPurchases12m", "topCategory", "source"] as const satisfies readonly FeatureName[];

export const NBA_ACTIONS = ["vip_retention_offer", "winback_offer", "replenishment_reminder", "cross_sell_category", "loyalty_invite", "second_purchase_nudge", "no_action"] as const;
export type NbaAction = (typeof NBA_ACTIONS)[number];

const conditionSchema = z.object({
  field: z.enum(FEATURES),
  // A string, not an enum: a policy written for a newer engine still loads, and its unknown
  // operator makes the rule not match instead of failing the whole rule set.
  op: z.string().min(1),
  value: z.union([z.number(), z.string(), z.null(), z.array(z.union([z.number(), z.string()]))]),
});
export const nbaRuleSchema = z.object({
  id: z.string().min(1),
  when: z.array(conditionSchema),
  action: z.enum(NBA_ACTIONS),
  /** Reasoning text; {field} placeholders are filled from the features (see formatFeature). */
  template: z.string().min(1),
});
export const nbaRulesSchema = z.array(nbaRuleSchema);
export type NbaCondition = z.infer<typeof conditionSchema>;
export type NbaRule = z.infer<typeof nbaRuleSchema>;

export type NbaResult = { action: NbaAction; ruleId: string | null; reasoning: string; source: "rule" | "fallback" };

function holds(c: NbaCondition, features: CustomerFeatures): boolean {
  return compare(c.op, features[c.field], c.value);
}

function formatFeature(name: string, f: CustomerFeatures): string {
  switch (name) {
    case "clv":
    case "clvMinor":
      return (f.clvMinor / 100).toFixed(2);
    case "churnRisk":
    case "pAlive":
      return `${Math.round(f[name] * 100)}%`;
    case "daysOverdue":
      return f.daysOverdue === null ? "n/a" : String(Math.round(f.daysOverdue));
    case "expectedPurchases12m":
      return f.expectedPurchases12m.toFixed(1);
    case "daysSinceLastOrder":
      return String(Math.round(f.daysSinceLastOrder));
    default: {
      const value = (f as Record<string, unknown>)[name];
      return value === undefined || value === null ? "n/a" : String(value);
    }
  }
}

/** Fills {placeholders}; unknown names are left as they are so a typo shows instead of vanishing. */
export function renderReasoning(template: string, features: CustomerFeatures): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name === "clv" || name in features ? formatFeature(name, features) : whole));
}

const FALLBACK_TEMPLATE = "No rule matched ({tier} tier, churn risk {churnRisk}); keep the customer in regular communication.";

/** First matching rule wins; none matching gives `no_action` with a templated explanation. */
export function nextBestAction(features: CustomerFeatures, rules: readonly NbaRule[]): NbaResult {
  for (const rule of rules) {
    if (rule.when.every((c) => holds(c, features))) {
      return { action: rule.action, ruleId: rule.id, reasoning: renderReasoning(rule.template, features), source: "rule" };
    }
  }
  return { action: "no_action", ruleId: null, reasoning: renderReasoning(FALLBACK_TEMPLATE, features), source: "fallback" };
}

/** The default rule set: protect valuable customers first, then win back, then grow. */
export const DEFAULT_NBA_RULES: NbaRule[] = nbaRulesSchema.parse([
  {
    id: "vip-at-risk",
    when: [
      { field: "tier", op: "in", value: ["platinum", "gold"] },
      { field: "churnRisk", op: "gte", value: 0.5 },
    ],
    action: "vip_retention_offer",
    template: "High value ({tier}, 12-month CLV {clv}) but churn risk is {churnRisk}; a personal retention offer protects the most value.",
  },
  {
    id: "lapsed-winback",
    when: [
      { field: "churnRisk", op: "gte", value: 0.7 },
      { field: "orders", op: "gte", value: 2 },
    ],
    action: "winback_offer",
    template: "Bought {orders} times but likely lapsed (churn risk {churnRisk}, {daysSinceLastOrder} days since the last order); try a win-back offer.",
  },
  {
    id: "overdue-repeat",
    when: [
      { field: "daysOverdue", op: "gt", value: 14 },
      { field: "churnRisk", op: "lt", value: 0.7 },
    ],
    action: "replenishment_reminder",
    template: "Usually orders more often and is {daysOverdue} days past the expected next order; a reminder fits.",
  },
  {
    id: "category-cross-sell",
    when: [
      { field: "tier", op: "in", value: ["platinum", "gold", "silver"] },
      { field: "topCategory", op: "neq", value: null },
      { field: "churnRisk", op: "lt", value: 0.3 },
    ],
    action: "cross_sell_category",
    template: "Active {tier} customer (churn risk {churnRisk}) who buys mostly {topCategory}; recommend related products.",
  },
  {
    id: "loyal-invite",
    when: [
      { field: "tier", op: "in", value: ["platinum", "gold"] },
      { field: "churnRisk", op: "lt", value: 0.3 },
    ],
    action: "loyalty_invite",
    template: "Active {tier} customer with expected {expectedPurchases12m} orders in 12 months; invite to the loyalty programme.",
  },
  {
    id: "one-time-buyer",
    when: [
      { field: "orders", op: "eq", value: 1 },
      { field: "daysSinceLastOrder", op: "lte", value: 90 },
    ],
    action: "second_purchase_nudge",
    template: "First order {daysSinceLastOrder} days ago; a second-purchase nudge is the biggest step to retention.",
  },
]);

