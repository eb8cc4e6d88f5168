// Rule policies: the first rule whose conditions all hold decides (CONVENTIONS rule 8). A rule with
// no conditions always matches, which is how a policy states its default.
import type { Action } from "./action";
import { evaluateOperator } from "./conditions";
import type { FactReader } from "./facts";
import type { Condition, Rule } from "./policy";

export type RuleResult = { action: Action; ruleId: string } | null;

function describe(c: Condition): string {
  const value = JSON.stringify(c.value);
  return `${c.field} ${c.op} ${value.length > 80 ? `${value.slice(0, 77)}...` : value}`;
}

function holds(rule: Rule, c: Condition, facts: FactReader, reasons: string[]): boolean {
  const result = evaluateOperator(c.op, facts.get(c.field), c.value);
  if (result === "unknown_operator") {
    reasons.push(`rule "${rule.id}": unknown operator "${c.op}" in ${describe(c)}; condition fails closed`);
    return false;
  }
  if (result === "mismatch") {
    reasons.push(`rule "${rule.id}": type mismatch in ${describe(c)}; condition fails closed`);
    return false;
  }
  return result;
}

/** The first matching rule, or null. Conditions are ANDed and stop at the first that fails. */
export function evaluateRules(rules: Rule[], facts: FactReader, reasons: string[]): RuleResult {
  for (const rule of rules) {
    if (rule.when.every((c) => holds(rule, c, facts, reasons))) return { action: rule.action, ruleId: rule.id };
  }
  return null;
}
