import { compare } from "../compare";
import { parseBehaviorKey, sameId, utcDay } from "./keys";
import { BEHAVIOR_EVENTS, type Audience, type AudienceCondition, type BehaviorCondition, type BehaviorRow, type ScoreCondition, type ScoreFacts } from "./schema";

// Which audiences a customer belongs to now. A behaviour condition sums the counts of matching
// keys over the last `withinDays` UTC days, today included (withinDays 1 = today only); rows dated
// after today count for nothing. Evaluation never throws: anything it does not understand is false.

const KNOWN_EVENTS: ReadonlySet<string> = new Set(BEHAVIOR_EVENTS);

export function behaviorTotal(c: BehaviorCondition, counts: readonly BehaviorRow[], now: Date): number {
  if (!KNOWN_EVENTS.has(c.event)) return 0;
  const today = utcDay(now);
  let total = 0;
  for (const row of counts) {
    const day = utcDay(row.day);
    if (day > today || day <= today - c.withinDays) continue;
    const key = parseBehaviorKey(row.key);
    if (key.event !== c.event) continue;
    if (c.match !== "any" && (key.id === null || !sameId(key.id, c.match))) continue;
    total += row.count;
  }
  return total;
}

function scoreHolds(c: ScoreCondition, facts: ScoreFacts | null): boolean {
  const actual = facts ? facts[c.field] : null;
  if (actual === null || actual === undefined) return false;
  return compare(c.op, actual, c.value);
}

export function conditionHolds(c: AudienceCondition, counts: readonly BehaviorRow[], now: Date, facts: ScoreFacts | null): boolean {
  return "event" in c ? behaviorTotal(c, counts, now) >= c.atLeast : scoreHolds(c, facts);
}

/** The ids of the enabled audiences whose every condition holds for this customer's counts at `now`. */
export function evaluateAudiences(audiences: readonly Audience[], counts: readonly BehaviorRow[], now: Date, facts: ScoreFacts | null = null): Set<string> {
  const members = new Set<string>();
  for (const audience of audiences) {
    if (audience.enabled && audience.when.length > 0 && audience.when.every((c) => conditionHolds(c, counts, now, facts))) members.add(audience.id);
  }
  return members;
}

/** How many days of counts evaluation needs (0 when no audience looks at behaviour). */
export function longestWindow(audiences: readonly Audience[]): number {
  return Math.max(0, ...audiences.flatMap((a) => a.when.map((c) => ("event" in c ? c.withinDays : 0))));
}

export function usesEvent(audiences: readonly Audience[], event: string): boolean {
  return audiences.some((a) => a.enabled && a.when.some((c) => "event" in c && c.event === event));
}

export function usesScore(audiences: readonly Audience[]): boolean {
  return audiences.some((a) => a.enabled && a.when.some((c) => "field" in c));
}
