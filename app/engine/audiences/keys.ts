// BehaviorCount keys: "<event>:<id>" (e.g. "collection_viewed:gid://shopify/Collection/7"), or the
// bare event name. GIDs contain colons, so a key splits at its first one.

export function behaviorKey(event: string, id: string | null): string {
  return id ? `${event}:${id}` : event;
}

export function parseBehaviorKey(key: string): { event: string; id: string | null } {
  const at = key.indexOf(":");
  return at < 0 ? { event: key, id: null } : { event: key.slice(0, at), id: key.slice(at + 1) };
}

/** "gid://shopify/Collection/7" and "7" name the same thing in a rule. */
export function sameId(a: string, b: string): boolean {
  const tail = (x: string) => x.replace(/^gid:\/\/shopify\/[A-Za-z]+\//, "");
  return a === b || tail(a) === tail(b);
}

const DAY_MS = 86_400_000;
/** Days since the epoch in UTC: the unit of every window. */
export const utcDay = (at: Date): number => Math.floor(at.getTime() / DAY_MS);
/** The BehaviorCount day (UTC midnight) that `at` falls on. */
export const utcDayStart = (at: Date): Date => new Date(utcDay(at) * DAY_MS);
