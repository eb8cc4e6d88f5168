// A per-workflow flag as stored and edited in the admin. Policies are data (CONVENTIONS rule 8):
// the type comes from the schema, and anything the schema refuses is treated as no flag at all.
import { z } from "zod";

export const flagModes = ["off", "shadow", "live"] as const;
export const flagMode = z.enum(flagModes);
export type FlagMode = z.infer<typeof flagMode>;

// An empty list would be ambiguous (nobody, or everybody?), so it is refused: omit the list to
// target everyone, as the messages say.
const list = (what: string) =>
  z.array(z.string().min(1, `${what} must not be empty strings`)).min(1, `targeting.${what}: omit the list to target every ${what.replace(/s$/, "")}`);

export const flagTargeting = z
  .object({
    tiers: list("tiers").optional(),
    customerType: z.enum(["new", "returning", "any"]).optional(),
    countries: list("countries").optional(),
    devices: list("devices").optional(),
  })
  .strict();

export const flagRollout = z
  .object({
    percent: z.number().finite().min(0, "rollout.percent must be in [0, 100]").max(100, "rollout.percent must be in [0, 100]"),
    seed: z.string().min(1, "rollout.seed must not be empty"),
    hashVersion: z.union([z.literal(1), z.literal(2)]),
  })
  .strict();

export const flagSchema = z
  .object({
    workflow: z.string().min(1, "workflow must not be empty"),
    mode: flagMode,
    killed: z.boolean(),
    rollout: flagRollout,
    targeting: flagTargeting,
    version: z.number().int("version must be a whole number").nonnegative(),
  })
  .strict();

export type Flag = z.infer<typeof flagSchema>;
export type FlagTargeting = z.infer<typeof flagTargeting>;

/** What a flag is evaluated for: the unit that is bucketed and the attributes targeting reads. */
export type FlagUnit = { id: string; tier?: string; isReturning?: boolean; country?: string; device?: string };

export type FlagSource = "flag" | "fallback" | "kill_switch" | "targeting" | "rollout";

export type FlagEvaluation = {
  mode: FlagMode;
  /** What decided the mode: the flag itself, the caller's fallback, or the step that turned it off. */
  source: FlagSource;
  /** `${workflow}@v${version}` of the flag that decided, null when no valid flag was given. */
  ruleId: string | null;
  reasons: string[];
  /** The unit's rollout bucket in [0, 1), null when none was computed. */
  bucket: number | null;
};
