// Dynamic audiences: rules as data, pure evaluation over behaviour counts.
export { behaviorTotal, conditionHolds, evaluateAudiences, longestWindow, usesEvent, usesScore } from "./evaluate";
export { ADD_TO_CART, HIGH_MARGIN, cartVariants, marginRate, withHighMarginCounts } from "./high-margin";
export { behaviorKey, parseBehaviorKey, sameId, utcDay, utcDayStart } from "./keys";
export {
  audienceSchema,
  audiencesDocumentSchema,
  BEHAVIOR_EVENTS,
  EMPTY_AUDIENCES,
  MAX_WINDOW_DAYS,
  SCORE_FIELDS,
  type Audience,
  type AudienceCondition,
  type AudiencesDocument,
  type BehaviorCondition,
  type BehaviorEvent,
  type BehaviorRow,
  type ScoreCondition,
  type ScoreFacts,
} from "./schema";
