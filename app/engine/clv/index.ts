// Customer lifetime value models (issue 5): BG/NBD for repeat purchasing and P(alive), Gamma-Gamma
// for spend, discounted CLV. Pure: data in, numbers out; callers read files and pass randomness.
export * from "./types";
export { fitBgNbd, bgNbdLogLikelihood, prepareBgNbdData, type BgNbdFit, type BgNbdFitOptions, type BgNbdData } from "./bgnbd";
export { probabilityAlive, expectedPurchases, expectedPurchasesCurve, expectedPurchasesNewCustomer } from "./bgnbd-predict";
export { fitGammaGamma, gammaGammaLogLikelihood, expectedAverageSpend, type GammaGammaFit, type GammaGammaFitOptions } from "./gamma-gamma";
export { lifetimeValue, lifetimeValueWithInterval, unitsPerMonth, type LifetimeValueOptions, type ValueWithInterval } from "./lifetime-value";
export { summaryFromTransactions, type Transaction, type CustomerSummaryRow, type SummaryOptions } from "./summary";
export { simulateBgNbd, simulateBgNbdCustomer, simulateMeanSpend } from "./simulate";
export { seededRng, type Rng } from "./random";
export type { MleFit, ParameterUncertainty, Interval } from "./mle";
export { assignTiers, quantileSorted, tierQuantilesSchema, DEFAULT_TIER_QUANTILES, TIERS, type Tier, type TierQuantiles, type TierThresholds } from "./tiers";
export { churnRisk, daysSinceExpectedNextOrder } from "./churn";
export { nextBestAction, renderReasoning, nbaRuleSchema, nbaRulesSchema, DEFAULT_NBA_RULES, NBA_ACTIONS, type NbaAction, type NbaRule, type NbaCondition, type NbaResult, type CustomerFeatures } from "./next-best-action";
export { calibrationHoldout, type CalibrationResult, type CalibrationGroup, type CalibrationOptions } from "./calibration";
export { scoreDrift, type ScoreDrift, type DriftBin } from "./drift";
export { simulateBgNbdTransactions, type SimulatedTransactionsOptions } from "./simulate-transactions";
export { scoreCustomers, MODEL_VERSION, RULES_VERSION, type ScoredCustomer, type ScoringResult, type ScoringOptions } from "./score-customers";
