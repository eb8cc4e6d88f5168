// Experiments: deterministic assignment with a universal holdout, metric reduction to sufficient
// statistics, and the read-out through app/engine/stats.
export { armForBucket, assign, assignConfig, createAssigner, expectedSplit, featureSeed, holdoutSeed, type Arm, type AssignConfig, type AssignInput, type Assignment } from "./assign";
export { summarizeArms, unitOutcome, type ArmSummary, type UnitOutcome } from "./metrics";
export { experimentReport, type ExperimentReport, type MetricComparison, type MetricName, type ReportOptions, type SrmCheck } from "./report";
