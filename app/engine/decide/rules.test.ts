import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { context } from "./fixtures";
import { policySchema } from "./policy";

const pct = (percent: number) => ({ type: "percentage_discount" as const, percent });
const withRules = (rules: unknown[]) => context({ policy: { rules } });

describe("rule policies", () => {
  it("first matching rule wins, even when a later one matches too", () => {
    const d = decide(
      withRules([
        { id: "silver", when: [{ field: "customer.tier", op: "eq", value: "silver" }], action: pct(15) },
        { id: "gold", when: [{ field: "customer.tier", op: "eq", value: "gold" }], action: pct(10) },
        { id: "everyone", when: [], action: pct(5) },
      ]),
    );
    expect(d.ruleId).toBe("gold");
    expect(d.source).toBe("rule");
    expect(d.action).toEqual(pct(10));
    expect(d.propensity).toBe(1);
  });

  it("all conditions of a rule must hold", () => {
    const d = decide(
      withRules([
        { id: "big-gold", when: [{ field: "customer.tier", op: "eq", value: "gold" }, { field: "cart.subtotalMinor", op: "gt", value: 20000 }], action: pct(10) },
        { id: "fallback", when: [], action: { type: "free_shipping" } },
      ]),
    );
    expect(d.ruleId).toBe("fallback");
  });

  it("no match decides none with source default", () => {
    const d = decide(withRules([{ id: "r", when: [{ field: "session.device", op: "eq", value: "desktop" }], action: pct(10) }]));
    expect(d.action).toEqual({ type: "none" });
    expect(d.source).toBe("default");
    expect(d.ruleId).toBeNull();
    expect(d.reasons).toContain("no rule matched; no action");
  });

  it("an unknown operator parses, fails closed, and is explained", () => {
    const rules = [
      { id: "future", when: [{ field: "customer.tier", op: "matches", value: "g.*" }], action: pct(20) },
      { id: "fallback", when: [], action: pct(5) },
    ];
    expect(policySchema.safeParse({ id: "p", version: 1, workflow: "checkout_incentive", mode: "rules", rules }).success).toBe(true);
    const d = decide(withRules(rules));
    expect(d.ruleId).toBe("fallback");
    expect(d.reasons.some((r) => r.includes('unknown operator "matches"'))).toBe(true);
  });

  it("a type mismatch fails closed, including neq and nin", () => {
    const d = decide(
      withRules([
        { id: "neq", when: [{ field: "cart.subtotalMinor", op: "neq", value: "15000" }], action: pct(20) },
        { id: "nin", when: [{ field: "customer.tier", op: "nin", value: "silver" }], action: pct(20) },
        { id: "obj", when: [{ field: "customer.tier", op: "eq", value: { $ne: null } }], action: pct(20) },
      ]),
    );
    expect(d.action.type).toBe("none");
    expect(d.reasons.filter((r) => r.includes("type mismatch"))).toHaveLength(3);
  });

  it("rules see computed fields and the features used are logged", () => {
    const d = decide(withRules([{ id: "m", when: [{ field: "cart.marginMinor", op: "gte", value: 9000 }, { field: "cart.itemCount", op: "eq", value: 3 }], action: pct(10) }]));
    expect(d.ruleId).toBe("m");
    expect(d.inputs.features).toEqual({ "cart.itemCount": 3, "cart.marginMinor": 9000 });
  });

  it("a policy for another workflow decides nothing", () => {
    const d = decide(context({ workflow: "abandoned_cart", policy: { rules: [{ id: "all", when: [], action: pct(10) }] } }));
    expect(d.action.type).toBe("none");
    expect(d.reasons.some((r) => r.includes("policy is for checkout_incentive, not abandoned_cart"))).toBe(true);
  });

  it("an invalid action inside a policy makes the context invalid: none, never a throw", () => {
    const d = decide(withRules([{ id: "bad", when: [], action: pct(150) }]));
    expect(d.action.type).toBe("none");
    expect(d.outcome).toBe("skip");
    expect(d.confidence).toBe(0);
    expect(d.reasons[0]).toMatch(/^invalid context: policy\.rules\.0\.action\.percent/);
  });
});
