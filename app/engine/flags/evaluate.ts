// Evaluate a per-workflow flag for one unit: kill switch, then mode, then targeting, then the
// sticky percentage rollout. Never throws (CONVENTIONS rule 9): a missing or malformed flag yields
// the caller's fallback, and every answer says why.
import { formatIssues } from "../stats/errors";
import { hashBucket } from "./hash";
import { flagMode, flagSchema, type FlagEvaluation, type FlagMode, type FlagUnit } from "./schema";
import { targetingMisses } from "./targeting";

function fallbackResult(fallback: FlagMode, reason: string): FlagEvaluation {
  // A fallback that is not a mode (bad caller data at run time) must not switch anything on.
  const mode = flagMode.safeParse(fallback).success ? fallback : "off";
  return { mode, source: "fallback", ruleId: null, reasons: [reason], bucket: null };
}

/**
 * @example
 * evaluateFlag(flags.get("cart-upsell"), { id: customerId, country: "CA" }, "off")
 * // → { mode: "live", source: "flag", ruleId: "cart-upsell@v3", reasons: [...], bucket: 0.1234 }
 */
export function evaluateFlag(flag: unknown, unit: FlagUnit, fallback: FlagMode): FlagEvaluation {
  try {
    return evaluate(flag, unit, fallback);
  } catch (error) {
    // Defensive only: evaluation is total over valid input, but a proxy or getter in caller data
    // could still throw, and a flag must never take a checkout decision down with it.
    return fallbackResult(fallback, `flag evaluation failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function evaluate(raw: unknown, unit: FlagUnit, fallback: FlagMode): FlagEvaluation {
  if (raw === undefined || raw === null) return fallbackResult(fallback, "no flag configured; using the fallback");
  const parsed = flagSchema.safeParse(raw);
  if (!parsed.success) return fallbackResult(fallback, `invalid flag, using the fallback: ${formatIssues(parsed.error)}`);
  const flag = parsed.data;
  const ruleId = `${flag.workflow}@v${flag.version}`;
  const off = (source: FlagEvaluation["source"], reasons: string[], bucket: number | null = null): FlagEvaluation => ({
    mode: "off",
    source,
    ruleId,
    reasons,
    bucket,
  });

  if (flag.killed) return off("kill_switch", ["kill switch is on"]);
  if (flag.mode === "off") return off("flag", ["flag mode is off"]);
  const misses = targetingMisses(flag.targeting, unit ?? { id: "" });
  if (misses.length > 0) return off("targeting", misses);

  const id = typeof unit?.id === "string" ? unit.id : "";
  // Without an id there is nothing to bucket on, and a random bucket would not be sticky.
  if (id === "") return off("rollout", ["unit has no id to bucket on"]);
  const { percent, seed, hashVersion } = flag.rollout;
  const bucket = hashBucket(seed, id, hashVersion);
  if (bucket === null) return off("rollout", [`unknown hash version ${hashVersion}`]);
  // bucket < percent/100: raising the percent only ever adds units, and 100 % includes every
  // bucket because buckets are strictly below 1.
  if (bucket >= percent / 100) {
    return off("rollout", [`bucket ${bucket} is outside the ${percent}% rollout`], bucket);
  }
  return { mode: flag.mode, source: "flag", ruleId, reasons: [`bucket ${bucket} is inside the ${percent}% rollout`, `flag mode is ${flag.mode}`], bucket };
}
