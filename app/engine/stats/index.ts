// Experiment statistics: pure functions over sufficient statistics (see analyze.ts, srm.ts).
export { analyze, analyzeInput, gaussianPrior, type AnalyzeInput, type StatsResult } from "./analyze";
export { srm, srmInput, SRM_ALARM_P } from "./srm";
export { StatsError } from "./errors";
export { sufficientStatistic, type SufficientStatistic } from "./statistics";
export { normalCdf, normalPpf, normalSf, tCdf, tPpf, tSf, chiSquareSf } from "./distributions";
