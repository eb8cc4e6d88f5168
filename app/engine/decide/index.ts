// The decision engine (issue: decide). Pure: a context in, a Decision out; see decide.ts.
export { decide, ENGINE_VERSION } from "./decide";
export { replay, replayMatches } from "./replay";
export { actionSchema, ACTION_TYPES, NO_ACTION, type Action, type ActionType } from "./action";
export type { Decision, DecisionOutcome, DecisionSource } from "./decision";
export { decisionContextSchema, itemSchema, cartLineSchema, armStatsSchema, type DecisionContext, type DecisionContextInput, type ArmStats, type Item, type CartLine } from "./context";
export { policySchema, ruleSchema, conditionSchema, armSchema, priorSchema, WORKFLOWS, type Policy, type PolicyInput, type Rule, type Condition, type Arm, type Prior, type Workflow } from "./policy";
export { guardrailSettingsSchema, type GuardrailSettings, type GuardrailSettingsInput } from "./guardrail-settings";
export { applyGuardrails, type GuardrailResult } from "./guardrails";
export { checkThresholds } from "./thresholds";
export { OPERATORS } from "./conditions";
export { thompson, posterior, winProbabilities, rewardOf, type Posterior } from "./thompson";
