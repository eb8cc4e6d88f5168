// Merchant guardrail settings. Every default is the cautious choice; `null` switches a limit off
// only where that is written below. Settings that fail to parse make the whole context invalid,
// and an invalid context decides `none` (decide.ts).
import { z } from "zod";
import { ACTION_TYPES, type ActionType } from "./action";

const minor = z.number().int().nonnegative();
const ids = z.array(z.string().min(1)).default([]);

const threshold = z
  .object({
    // null: this action type is never sent to review for that reason.
    cartValueAboveMinor: minor.nullable().optional(),
    discountAboveMinor: minor.nullable().optional(),
  })
  .strict();

const byAction = z
  .object(Object.fromEntries(ACTION_TYPES.map((t) => [t, threshold.optional()])) as Record<ActionType, z.ZodOptional<typeof threshold>>)
  .strict();

export const guardrailSettingsSchema = z.object({
  /** Upper bound for any percentage, and for a fixed discount or gift as a share of the eligible subtotal. */
  maxDiscountPercent: z.number().finite().min(0).max(100).default(15),
  /** Each discounted unit must keep price − cost − discount ≥ max(percentOfPrice × price, minMinor). */
  marginFloor: z
    .object({ percentOfPrice: z.number().finite().min(0).max(100).default(0), minMinor: minor.default(0) })
    .default({}),
  /** "all", or the products and collections that may be discounted. */
  eligible: z.union([z.literal("all"), z.object({ productIds: ids, collectionIds: ids })]).default("all"),
  /** Never discounted, whatever `eligible` says. */
  excluded: z.object({ productIds: ids, collectionIds: ids, variantIds: ids }).default({}),
  frequency: z
    .object({
      // null: no cap. Counts offers to this unit in the caller's window (history.offersToCustomerInWindow).
      maxOffersPerWindow: minor.nullable().default(3),
      minMinutesBetweenOffers: minor.nullable().default(null),
    })
    .default({}),
  /** Shop-wide discount value per day; null means no budget (history.shopDiscountSpentTodayMinor is ignored). */
  dailyBudgetMinor: minor.nullable().default(null),
  /** What free shipping is worth when it is valued against budget and thresholds; null counts it as 0. */
  shippingCostEstimateMinor: minor.nullable().default(null),
  /** Action types this shop allows at all; anything else becomes `none`. */
  allowedActionTypes: z.array(z.enum(ACTION_TYPES as [ActionType, ...ActionType[]])).default([...ACTION_TYPES]),
  /** Message templates the shop has written; empty allows any well-formed template id. */
  allowedTemplates: z.array(z.string().min(1)).default([]),
  approval: z
    .object({
      cartValueAboveMinor: minor.nullable().default(50_000),
      discountAboveMinor: minor.nullable().default(10_000),
      byAction: byAction.default({}),
    })
    .default({}),
});

export type GuardrailSettings = z.infer<typeof guardrailSettingsSchema>;
export type GuardrailSettingsInput = z.input<typeof guardrailSettingsSchema>;
