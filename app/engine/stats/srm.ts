// Sample-ratio mismatch: a chi-square goodness-of-fit test of the units each variation received
// against the split it was configured for. The caller alarms at p < 0.001 (GrowthBook's default).
import { z } from "zod";
import { formatIssues, StatsError } from "./errors";
import { chiSquareSf } from "./distributions";

export const SRM_ALARM_P = 0.001;

export const srmInput = z
  .object({
    observed: z.array(z.number().finite().nonnegative("observed counts must be >= 0")).min(2, "at least two variations are needed"),
    weights: z.array(z.number().finite().positive("weights must be > 0")),
  })
  .refine((i) => i.observed.length === i.weights.length, { message: "observed and weights must have the same length", path: ["weights"] })
  // Weights from configuration are written to a few decimals (0.33, 0.33, 0.34); allow that rounding.
  .refine((i) => Math.abs(i.weights.reduce((a, w) => a + w, 0) - 1) <= 1e-6, { message: "weights must sum to 1", path: ["weights"] })
  .refine((i) => i.observed.some((o) => o > 0), { message: "no units observed", path: ["observed"] });

export function srm(observed: number[], weights: number[]): { pValue: number } {
  const parsed = srmInput.safeParse({ observed, weights });
  if (!parsed.success) throw new StatsError(`invalid SRM input: ${formatIssues(parsed.error)}`);
  const total = observed.reduce((a, o) => a + o, 0);
  let chi2 = 0;
  observed.forEach((o, i) => {
    const expected = weights[i]! * total;
    chi2 += (o - expected) ** 2 / expected;
  });
  return { pValue: chiSquareSf(chi2, observed.length - 1) };
}
