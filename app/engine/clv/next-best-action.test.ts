import { describe, expect, it } from "vitest";
import { DEFAULT_NBA_RULES, nbaRulesSchema, nextBestAction, renderReasoning, type CustomerFeatures } from "./next-best-action";

const base: CustomerFeatures = {
  clvMinor: 25_000,
  churnRisk: 0.6,
  pAlive: 0.4,
  tier: "platinum",
  frequency: 4,
  orders: 5,
  daysSinceLastOrder: 120,
  daysOverdue: 40,
  expectedPurchases12m: 1.234,
  topCategory: "Coffee",
  source: "model",
};

describe("nextBestAction", () => {
  it("first matching rule wins, with its templated reasoning", () => {
    const r = nextBestAction(base, DEFAULT_NBA_RULES);
    expect(r).toMatchObject({ action: "vip_retention_offer", ruleId: "vip-at-risk", source: "rule" });
    expect(r.reasoning).toBe("High value (platinum, 12-month CLV 250.00) but churn risk is 60%; a personal retention offer protects the most value.");
  });
  it("falls through the rules in order", () => {
    expect(nextBestAction({ ...base, tier: "bronze", churnRisk: 0.8 }, DEFAULT_NBA_RULES).ruleId).toBe("lapsed-winback");
    expect(nextBestAction({ ...base, tier: "bronze", churnRisk: 0.2 }, DEFAULT_NBA_RULES).ruleId).toBe("overdue-repeat");
    expect(nextBestAction({ ...base, tier: "gold", churnRisk: 0.2, daysOverdue: -3 }, DEFAULT_NBA_RULES).action).toBe("cross_sell_category");
    expect(nextBestAction({ ...base, tier: "gold", churnRisk: 0.2, daysOverdue: -3, topCategory: null }, DEFAULT_NBA_RULES).action).toBe("loyalty_invite");
    const oneTime = { ...base, tier: "bronze" as const, churnRisk: 0, frequency: 0, orders: 1, daysSinceLastOrder: 12, daysOverdue: null };
    expect(nextBestAction(oneTime, DEFAULT_NBA_RULES).action).toBe("second_purchase_nudge");
  });
  it("gives no_action with an explanation when nothing matches", () => {
    const r = nextBestAction({ ...base, tier: "bronze", churnRisk: 0.1, daysOverdue: 0 }, []);
    expect(r).toMatchObject({ action: "no_action", ruleId: null, source: "fallback" });
    expect(r.reasoning).toContain("bronze tier, churn risk 10%");
  });
  it("an unknown operator fails closed: the rule does not match", () => {
    const rules = nbaRulesSchema.parse([
      { id: "future", when: [{ field: "clvMinor", op: "between", value: [0, 1e9] }], action: "loyalty_invite", template: "x" },
      { id: "catch-all", when: [], action: "no_action", template: "caught" },
    ]);
    expect(nextBestAction(base, rules).ruleId).toBe("catch-all");
  });
  it("rejects rules naming a feature or action that does not exist", () => {
    expect(nbaRulesSchema.safeParse([{ id: "x", when: [{ field: "age", op: "gt", value: 3 }], action: "no_action", template: "t" }]).success).toBe(false);
    expect(nbaRulesSchema.safeParse([{ id: "x", when: [], action: "send_spam", template: "t" }]).success).toBe(false);
  });
  it("numeric operators never match null features", () => {
    const rules = nbaRulesSchema.parse([{ id: "late", when: [{ field: "daysOverdue", op: "lt", value: 5 }], action: "replenishment_reminder", template: "t" }]);
    expect(nextBestAction({ ...base, daysOverdue: null }, rules).ruleId).toBeNull();
  });
  it("renders known placeholders and leaves unknown ones visible", () => {
    expect(renderReasoning("{expectedPurchases12m} orders, {pAlive} alive, {nope}", base)).toBe("1.2 orders, 40% alive, {nope}");
  });
});
