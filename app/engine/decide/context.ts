// Everything decide() may look at, as plain data. Time (`now`) and randomness (`seed`) are inputs
// (CONVENTIONS rule 6). Money is integer minor units in the cart's currency.
import { z } from "zod";
import { guardrailSettingsSchema } from "./guardrail-settings";
import { toJson } from "./json";
import { policySchema, workflowSchema } from "./policy";

const minor = z.number().int().nonnegative();
const probability = z.number().finite().min(0).max(1);

/** A sellable variant. An unknown cost (null) makes it ineligible for any discount: margin cannot be checked. */
export const itemSchema = z.object({
  variantId: z.string().min(1),
  productId: z.string().min(1),
  collectionIds: z.array(z.string().min(1)).default([]),
  unitPriceMinor: minor,
  unitCostMinor: minor.nullable(),
});
export type Item = z.infer<typeof itemSchema>;

export const cartLineSchema = itemSchema.extend({ quantity: z.number().int().positive() });
export type CartLine = z.infer<typeof cartLineSchema>;

export const existingDiscountSchema = z.object({
  code: z.string(),
  combinesWithOrder: z.boolean(),
  combinesWithProduct: z.boolean(),
  combinesWithShipping: z.boolean(),
});

export const armStatsSchema = z.object({
  n: z.number().int().nonnegative(),
  sum: z.number().finite(),
  sumSquares: z.number().finite().nonnegative(),
});
export type ArmStats = z.infer<typeof armStatsSchema>;

export const decisionContextSchema = z.object({
  workflow: workflowSchema,
  /** Customer id or cart token: the unit the seed is combined with. */
  unitId: z.string().min(1),
  mode: z.enum(["live", "shadow"]).default("live"),
  cart: z.object({
    currency: z.string().regex(/^[A-Z]{3}$/),
    lines: z.array(cartLineSchema),
    existingDiscounts: z.array(existingDiscountSchema).default([]),
  }),
  customer: z
    .object({
      id: z.string().min(1).nullable(),
      tier: z.string(),
      predictedValueMinor: z.number().finite(),
      churnRisk: probability,
      ordersCount: z.number().int().nonnegative(),
      isReturning: z.boolean(),
      country: z.string(),
    })
    .nullable(),
  session: z.object({ device: z.string(), country: z.string(), source: z.string(), riskScore: probability.nullable() }),
  history: z.object({
    offersToCustomerInWindow: z.number().int().nonnegative(),
    lastOfferAt: z.string().datetime({ offset: true }).nullable(),
    shopDiscountSpentTodayMinor: minor,
  }),
  now: z.string().datetime({ offset: true }),
  seed: z.string(),
  policy: policySchema,
  guardrails: guardrailSettingsSchema,
  /** Variants that may be offered but are not in the cart (gifts, upsells, bundles), with price and cost. */
  catalog: z.array(itemSchema).default([]),
  /** Thompson statistics of margin-net reward per exposure: segment key → arm id → sufficient statistics. */
  learning: z.object({ segments: z.record(z.string(), z.record(z.string(), armStatsSchema)) }).default({ segments: {} }),
  /** UNTRUSTED model output; reduced to plain JSON here and parsed with actionSchema in llm.ts. */
  llmProposal: z.unknown().transform(toJson).optional(),
  experimentArm: z.string().nullable().default(null),
});

export type DecisionContext = z.infer<typeof decisionContextSchema>;
/** What callers pass: defaults may be left out. */
export type DecisionContextInput = z.input<typeof decisionContextSchema>;
