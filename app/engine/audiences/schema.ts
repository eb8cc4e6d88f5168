// Dynamic audiences as data (issue 5): an audience is a CRM list plus the conditions a customer must
// meet to be in it, over behaviour counts in a rolling window of UTC days and, optionally, the
// customer's score. Validated with zod like the next-best-action rules; an event or operator this
// code does not know makes its condition false (fail closed), so a document written for a newer
// engine still loads and never adds anyone by accident.
import { z } from "zod";

/** Behaviour the app counts: storefront events from the web pixel, and one derived from them. */
export const BEHAVIOR_EVENTS = ["collection_viewed", "product_viewed", "product_added_to_cart", "high_margin_in_cart"] as const;
export type BehaviorEvent = (typeof BEHAVIOR_EVENTS)[number];

/** The longest window a condition may look back; counts older than this are never read. */
export const MAX_WINDOW_DAYS = 90;

const behaviorCondition = z.object({
  // A string, not an enum: an unknown event loads and never holds.
  event: z.string().min(1).max(64),
  /** A collection, product or variant id (numeric or GID), or "any". */
  match: z.string().min(1).max(200).default("any"),
  atLeast: z.number().int().min(1).max(10_000),
  withinDays: z.number().int().min(1).max(MAX_WINDOW_DAYS),
});

export const SCORE_FIELDS = ["tier", "churnRisk", "clvMinor"] as const;
const scoreCondition = z.object({
  field: z.enum(SCORE_FIELDS),
  op: z.string().min(1),
  value: z.union([z.number(), z.string(), z.array(z.union([z.number(), z.string()]))]),
});

/** CRMs whose lists an audience can fill. */
export const AUDIENCE_PROVIDERS = ["hubspot", "klaviyo"] as const;

export const audienceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lower-case letters, digits, - and _ (at most 64)"),
    name: z.string().trim().min(1).max(100),
    provider: z.enum(AUDIENCE_PROVIDERS),
    /** The CRM list: HubSpot, the list's ILS id (digits; a MANUAL or SNAPSHOT list); Klaviyo, the list id (e.g. "Y6nRLr"). */
    listId: z.string().regex(/^[A-Za-z0-9]{1,64}$/, "a list id (letters and digits)"),
    enabled: z.boolean().default(true),
    /**
     * Every condition must hold. At least one is about behaviour: membership is re-evaluated when
     * behaviour arrives, so a score-only audience would never fill (Shopify segments do that job).
     */
    when: z
      .array(z.union([behaviorCondition, scoreCondition]))
      .min(1)
      .max(10)
      .refine((when) => when.some((c) => "event" in c), "needs at least one behaviour condition (event, atLeast, withinDays)"),
  })
  .refine((a) => a.provider !== "hubspot" || /^\d{1,20}$/.test(a.listId), { path: ["listId"], message: "a HubSpot list id (digits)" });

export const audiencesDocumentSchema = z.object({
  audiences: z
    .array(audienceSchema)
    .max(50)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((a, i) => {
        if (seen.has(a.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate audience id ${a.id}` });
        seen.add(a.id);
      });
    }),
  /** A cart line is high-margin when (price − unit cost) / price reaches this rate. */
  highMargin: z.object({ minMarginRate: z.number().gt(0).lt(1) }).default({ minMarginRate: 0.5 }),
});

export type BehaviorCondition = z.infer<typeof behaviorCondition>;
export type ScoreCondition = z.infer<typeof scoreCondition>;
export type AudienceCondition = BehaviorCondition | ScoreCondition;
export type Audience = z.infer<typeof audienceSchema>;
export type AudiencesDocument = z.infer<typeof audiencesDocumentSchema>;

export const EMPTY_AUDIENCES: AudiencesDocument = { audiences: [], highMargin: { minMarginRate: 0.5 } };

/** One BehaviorCount row: how often `key` happened on a UTC day (the Date at that day's midnight). */
export type BehaviorRow = { key: string; day: Date; count: number };

/** What a score condition reads; null fields (an unscored customer) make score conditions false. */
export type ScoreFacts = { tier: string | null; churnRisk: number | null; clvMinor: number | null };
