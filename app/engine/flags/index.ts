// Per-workflow flags: schema, deterministic GrowthBook-compatible hashing, and evaluation.
export { evaluateFlag } from "./evaluate";
export { fnv1a32, hashBucket, type HashVersion } from "./hash";
export { flagSchema, flagMode, flagModes, type Flag, type FlagEvaluation, type FlagMode, type FlagSource, type FlagTargeting, type FlagUnit } from "./schema";
export { targetingMisses } from "./targeting";
