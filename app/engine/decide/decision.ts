import type { Action } from "./action";

export type DecisionSource = "rule" | "learning" | "llm" | "default" | "guardrail" | "holdout" | "flag";
export type DecisionOutcome = "apply" | "review" | "shadow" | "skip";

// What every decision carries (CONVENTIONS rule 7). It is stored as is in the audit log and
// must be reproducible: the same inputs and engine version give a byte-identical decision.
export type Decision = {
  action: Action;
  outcome: DecisionOutcome;
  source: DecisionSource;
  ruleId: string | null;
  reasons: string[];
  modelVersion: string;
  inputs: Record<string, unknown>;
  confidence: number;
  propensity: number;
  experimentArm: string | null;
  discountMinor: number;
  /** Variants a discount may be applied to (what the Function targets); decide() always sets it. */
  targetVariantIds?: string[];
};
