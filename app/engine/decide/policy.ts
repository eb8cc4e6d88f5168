// Policies are data (CONVENTIONS rule 8): stored as JSON, validated here, types from z.infer.
// A condition's `op` is any string at parse time so that a policy written for a newer engine still
// parses; an operator this engine does not know makes its condition false (see conditions.ts).
import { z } from "zod";
import { actionSchema } from "./action";
import { toJson } from "./json";

export const WORKFLOWS = ["checkout_incentive", "abandoned_cart", "post_purchase", "bundle", "payment_risk", "customer_nba"] as const;
export const workflowSchema = z.enum(WORKFLOWS);
export type Workflow = z.infer<typeof workflowSchema>;

/** A dotted path into the decision facts, e.g. `cart.subtotalMinor` or `customer.tier`. */
export const fieldPathSchema = z.string().min(1).max(200);

export const conditionSchema = z.object({
  field: fieldPathSchema,
  op: z.string(),
  // Any JSON: a value of the wrong type for its field or operator fails closed when evaluated.
  value: z.unknown().transform(toJson),
});
export type Condition = z.infer<typeof conditionSchema>;

export const ruleSchema = z.object({
  id: z.string().min(1),
  when: z.array(conditionSchema).default([]),
  action: actionSchema,
});
export type Rule = z.infer<typeof ruleSchema>;

export const armSchema = z.object({ id: z.string().min(1), action: actionSchema });
export type Arm = z.infer<typeof armSchema>;

/**
 * Gaussian prior for Thompson sampling, in minor units of reward per exposure. `sdMinor` is the prior
 * uncertainty about an arm's mean reward; `rewardSdMinor` the assumed spread of single rewards, used
 * until an arm has enough observations of its own (it counts as one pseudo-observation).
 */
export const priorSchema = z.object({
  meanMinor: z.number().finite().default(0),
  sdMinor: z.number().finite().positive().default(5_000),
  rewardSdMinor: z.number().finite().positive().default(5_000),
});
export type Prior = z.infer<typeof priorSchema>;

export const policySchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().nonnegative(),
    workflow: workflowSchema,
    mode: z.enum(["rules", "learning"]),
    rules: z.array(ruleSchema).default([]),
    arms: z.array(armSchema).default([]),
    segmentBy: z.array(fieldPathSchema).default([]),
    prior: priorSchema.default({}),
    // Off: an LLM proposal is logged as ignored. On: it replaces the policy's candidate (guardrails still apply).
    acceptLlmProposals: z.boolean().default(true),
  })
  .refine((p) => new Set(p.arms.map((a) => a.id)).size === p.arms.length, { message: "arm ids must be unique", path: ["arms"] });
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
