import { z } from "zod";
import { actionSchema, type ActionType } from "../../engine/decide/action";
import type { Workflow } from "../../engine/decide/policy";

// What an LLM (or the rules fallback) proposes: an engine Action, the reasons for it, and the copy
// the shopper would see. A proposal is only a suggestion: guardrails and approval decide later.

export const COPY_LIMITS = { headline: 80, body: 280 } as const;

export const proposalSchema = z.object({
  action: actionSchema,
  reasons: z.array(z.string().trim().min(1).max(200)).min(1).max(4),
  copy: z.object({
    headline: z.string().trim().min(1).max(COPY_LIMITS.headline),
    body: z.string().trim().min(1).max(COPY_LIMITS.body),
  }),
});
export type Proposal = z.infer<typeof proposalSchema>;

export type CartLine = { variantId: string; title: string; sku?: string | null; quantity: number; unitPriceMinor: number };

/** The data a proposal is made from. No personal data belongs here; it is scrubbed anyway. */
export type ProposalInput = {
  workflow: Workflow;
  cart: {
    currency: string;
    subtotalMinor: number;
    lines: CartLine[];
    /** Variants the merchant allows as upsell, gift or bundle items. */
    candidates?: { variantId: string; title: string; priceMinor: number }[];
  };
  /** Behavioural features only (counts, segments, scores): never names or contact details. */
  features: {
    segment?: string;
    ordersCount: number;
    lifetimeValueMinor?: number;
    daysSinceLastOrder?: number | null;
    returning: boolean;
  };
  /** A summary of the engine's guardrail settings (same names), for the prompt and the templates. */
  guardrails: {
    maxDiscountPercent: number;
    /** Most money off this cart may get (budget left, approval limit); null: no money cap. */
    maxDiscountMinor: number | null;
    allowedActionTypes: ActionType[];
    /** Template ids the shop wrote; empty: any well-formed id. */
    allowedTemplates?: string[];
  };
};
