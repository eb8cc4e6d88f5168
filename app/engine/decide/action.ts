import { z } from "zod";

// Money in the engine is integer minor units (cents) so guardrail arithmetic is exact;
// Shopify's decimal strings are converted at the edge.
export const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({ type: z.literal("percentage_discount"), percent: z.number().min(0).max(100) }),
  z.object({ type: z.literal("fixed_discount"), amountMinor: z.number().int().min(0) }),
  z.object({ type: z.literal("free_shipping") }),
  z.object({ type: z.literal("gift"), variantId: z.string().min(1) }),
  z.object({ type: z.literal("bundle"), variantIds: z.array(z.string().min(1)).min(1), percent: z.number().min(0).max(100) }),
  z.object({ type: z.literal("upsell"), variantId: z.string().min(1), percent: z.number().min(0).max(100) }),
  z.object({ type: z.literal("recovery_message"), template: z.string().min(1), percent: z.number().min(0).max(100) }),
  z.object({ type: z.literal("risk_route"), route: z.enum(["manual_review", "hide_deferred_payments", "require_3ds"]) }),
]);

export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action["type"];
export const ACTION_TYPES = actionSchema.options.map((o) => o.shape.type.value) as ActionType[];

export const NO_ACTION: Action = Object.freeze({ type: "none" });
