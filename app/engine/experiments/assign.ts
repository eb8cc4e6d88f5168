// Experiment assignment in two independent layers:
// 1. the universal holdout, one hash of the unit id shared by every feature, so a unit held out
//    is held out of everything and the long-run "all features vs none" comparison stays clean;
// 2. per feature, control vs treatment arms, hashed under the feature's own seed namespace so
//    being in treatment for one feature says nothing about another, or about the holdout.
// Deterministic, and never throws (CONVENTIONS rule 9): bad configuration yields control outside
// the experiment, the feature's no-op.
import { z } from "zod";
import { formatIssues } from "../stats/errors";
import { hashBucket } from "../flags/hash";

const percent = z.number().finite().min(0, "percent must be in [0, 100]").max(100, "percent must be in [0, 100]");
const hashVersion = z.union([z.literal(1), z.literal(2)]);
const reservedArms = new Set(["universal_holdout", "control"]);

export const assignConfig = z
  .object({
    experimentKey: z.string().min(1, "experimentKey must not be empty"),
    // The holdout's hash version is its own and defaults to 2: if it followed each feature's
    // version, a unit could be held out of one feature and not another.
    universalHoldout: z.object({ percent, seed: z.string().min(1), hashVersion: hashVersion.default(2) }).strict(),
    holdoutPercent: percent,
    arms: z
      .array(
        z
          .object({
            id: z.string().min(1).refine((id) => !reservedArms.has(id), "arm ids control and universal_holdout are reserved"),
            weight: z.number().finite().positive("arm weights must be > 0"),
          })
          .strict(),
      )
      .min(1, "at least one arm")
      .refine((arms) => new Set(arms.map((a) => a.id)).size === arms.length, "arm ids must be unique")
      .default([{ id: "treatment", weight: 1 }]),
    seed: z.string().min(1, "seed must not be empty"),
    hashVersion: hashVersion.default(2),
  })
  .strict();

export type AssignConfig = z.input<typeof assignConfig>;
export type AssignInput = AssignConfig & { unitId: string };
export type Arm = { id: string; weight: number };

export type Assignment = {
  arm: "universal_holdout" | "control" | (string & Record<never, never>);
  /** False for the universal holdout and for refused input: those units are not analysed here. */
  inExperiment: boolean;
  /** The bucket that decided: the holdout's for held-out units, the feature's otherwise. */
  bucket: number | null;
  reasons: string[];
};

// Prefixes keep the two layers' hash inputs disjoint even if someone reuses one seed for both.
export const holdoutSeed = (seed: string) => `universal-holdout:${seed}`;
export const featureSeed = (experimentKey: string, seed: string) => `experiment:${experimentKey}:${seed}`;

// Buckets are whole multiples of 1/10,000 (v2) or 1/1,000 (v1), so boundaries are placed on that
// grid in integers: in floating point (0.6 - 0.2) / 0.8 is just under 0.5 and a unit on a
// boundary would land in the wrong arm. Percentages therefore resolve to 0.01 %.
const TICKS = 10_000;

/** Which arm a feature bucket in [0, 1) falls in, given the control share and the arms' weights. */
export function armForBucket(bucket: number, holdoutPercent: number, arms: Arm[]): string {
  const tick = Math.round(bucket * TICKS);
  const control = Math.round(holdoutPercent * (TICKS / 100));
  if (tick < control) return "control";
  const total = arms.reduce((s, a) => s + a.weight, 0);
  let cumulative = 0;
  for (const arm of arms) {
    cumulative += arm.weight;
    if (tick < control + Math.round(((TICKS - control) * cumulative) / total)) return arm.id;
  }
  // Unreachable for buckets below 1; the last arm takes the remainder if rounding ever says otherwise.
  return arms[arms.length - 1]!.id;
}

const refused = (reason: string): Assignment => ({ arm: "control", inExperiment: false, bucket: null, reasons: [reason] });
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Validate an experiment's configuration once and return its assignment function, for callers
 * that assign many units (a request batch, a backfill). Never throws.
 * @example
 * const assignUnit = createAssigner({ experimentKey: "cart-upsell", universalHoldout: { percent: 5, seed: "2026" },
 *                                     holdoutPercent: 50, seed: "v1" });
 * assignUnit("c_42") // → { arm: "treatment", inExperiment: true, bucket: 0.7391, reasons: [...] }
 */
export function createAssigner(raw: AssignConfig): (unitId: string) => Assignment {
  let config: z.infer<typeof assignConfig>;
  try {
    const parsed = assignConfig.safeParse(raw);
    if (!parsed.success) {
      const reason = `invalid assignment input, serving control: ${formatIssues(parsed.error)}`;
      return () => refused(reason);
    }
    config = parsed.data;
  } catch (error) {
    // Defensive only: parsing caller data can still meet a throwing getter.
    const reason = `assignment failed, serving control: ${message(error)}`;
    return () => refused(reason);
  }
  const { experimentKey, universalHoldout: uh, holdoutPercent, arms, seed, hashVersion } = config;
  const holdoutNs = holdoutSeed(uh.seed);
  const featureNs = featureSeed(experimentKey, seed);
  return (unitId) => {
    if (typeof unitId !== "string" || unitId === "") return refused("invalid assignment input, serving control: unitId must not be empty");
    const held = hashBucket(holdoutNs, unitId, uh.hashVersion)!;
    if (held < uh.percent / 100) {
      return { arm: "universal_holdout", inExperiment: false, bucket: held, reasons: [`holdout bucket ${held} is inside the ${uh.percent}% universal holdout`] };
    }
    const bucket = hashBucket(featureNs, unitId, hashVersion)!;
    const arm = armForBucket(bucket, holdoutPercent, arms);
    return {
      arm,
      inExperiment: true,
      bucket,
      reasons: [`outside the universal holdout (bucket ${held})`, `feature bucket ${bucket} → ${arm} (${holdoutPercent}% control)`],
    };
  };
}

/** Assign one unit (see createAssigner). Deterministic; never throws. */
export function assign(input: AssignInput): Assignment {
  try {
    const { unitId, ...config } = input;
    return createAssigner(config)(unitId);
  } catch (error) {
    return refused(`assignment failed, serving control: ${message(error)}`);
  }
}

/**
 * The share of experiment units (universal holdout excluded) each arm should receive: the
 * weights a sample-ratio-mismatch check compares the observed counts with.
 */
export function expectedSplit(holdoutPercent: number, arms: Arm[] = [{ id: "treatment", weight: 1 }]): Record<string, number> {
  const control = holdoutPercent / 100;
  const total = arms.reduce((s, a) => s + a.weight, 0);
  const split: Record<string, number> = { control };
  for (const arm of arms) split[arm.id] = ((1 - control) * arm.weight) / total;
  return split;
}
