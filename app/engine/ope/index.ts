// Off-policy evaluation for shadow mode: what a candidate policy would have earned, estimated
// from the current policy's logged decisions and propensities.
export { compare, type Comparison } from "./compare";
export { doublyRobust } from "./doubly-robust";
export { OpeError } from "./errors";
export { ips, snips } from "./ips";
export type { Interval, LoggedRecord, OpeEstimate, OpeOptions } from "./types";
