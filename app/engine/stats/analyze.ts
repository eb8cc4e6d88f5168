// Entry point: validate an analysis request and run the chosen method on it.
import { z } from "zod";
import { formatIssues, StatsError } from "./errors";
import { effect } from "./effect";
import { bayesian, DEFAULT_SEQUENTIAL_TUNING, frequentist, sequential, type StatsResult } from "./methods";
import { sufficientStatistic } from "./statistics";

export const gaussianPrior = z.object({
  mean: z.number().finite(),
  variance: z.number().finite().positive("prior variance must be positive"),
  proper: z.boolean(),
});

export const analyzeInput = z
  .object({
    method: z.enum(["frequentist", "bayesian", "sequential"]),
    differenceType: z.enum(["relative", "absolute"]),
    alpha: z.number().gt(0, "alpha must be in (0, 1)").lt(1, "alpha must be in (0, 1)").default(0.05),
    control: sufficientStatistic,
    treatment: sufficientStatistic,
    sequentialTuning: z.number().finite().positive("sequentialTuning must be positive").optional(),
    prior: gaussianPrior.optional(),
  })
  .strict()
  // Settings for another method are refused rather than ignored: they signal a mistaken request.
  .refine((i) => i.sequentialTuning === undefined || i.method === "sequential", {
    message: "sequentialTuning applies only to method \"sequential\"",
    path: ["sequentialTuning"],
  })
  .refine((i) => i.prior === undefined || i.method === "bayesian", { message: "prior applies only to method \"bayesian\"", path: ["prior"] });

export type AnalyzeInput = z.input<typeof analyzeInput>;
export type { StatsResult };

/** Analyze one treatment against control; throws StatsError on impossible or invalid input. */
export function analyze(raw: AnalyzeInput): StatsResult {
  const parsed = analyzeInput.safeParse(raw);
  if (!parsed.success) throw new StatsError(`invalid analysis input: ${formatIssues(parsed.error)}`);
  const input = parsed.data;
  const e = effect(input.control, input.treatment, input.differenceType);
  switch (input.method) {
    case "frequentist":
      return frequentist(e, input.alpha);
    case "sequential":
      return sequential(e, input.alpha, input.sequentialTuning ?? DEFAULT_SEQUENTIAL_TUNING);
    case "bayesian":
      return bayesian(e, input.alpha, input.prior ?? { mean: 0, variance: 1, proper: false });
  }
}
