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
