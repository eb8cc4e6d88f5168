// One experiment operation on delivery options, as the app writes it in the configuration.
import { hasOnlyKeys, isDisplayText, isIntegerInRange, isObject } from "../../shared/src/experiment/guards";

/** Shopify's limit for a delivery option title. */
export const MAX_TITLE = 255;
/**
 * Index 0 is refused in the config: the cheapest option owns the top (App Store rule 1.1.10).
 * Larger indexes are clamped to the end of each group when planned.
 */
export const MIN_MOVE_INDEX = 1;
export const MAX_MOVE_INDEX = 100;

/** Matches options whose title, as Shopify sent it, contains the text (case-sensitive). */
export type DeliveryMatch = { titleContains: string };

export type DeliveryOp =
  | { op: "rename"; match: DeliveryMatch; title: string }
  | { op: "move"; match: DeliveryMatch; index: number }
  | { op: "hide"; match: DeliveryMatch };

function parseMatch(raw: unknown): DeliveryMatch | null {
  if (!isObject(raw) || !hasOnlyKeys(raw, ["titleContains"])) return null;
  return isDisplayText(raw.titleContains, MAX_TITLE) ? { titleContains: raw.titleContains } : null;
}

/** An operation, or null for anything unknown or malformed (which refuses the whole config). */
export function parseDeliveryOp(raw: unknown): DeliveryOp | null {
  if (!isObject(raw)) return null;
  const match = parseMatch(raw.match);
  if (match === null) return null;
  switch (raw.op) {
    case "rename":
      if (!hasOnlyKeys(raw, ["op", "match", "title"]) || !isDisplayText(raw.title, MAX_TITLE)) return null;
      return { op: "rename", match, title: raw.title };
    case "move":
      if (!hasOnlyKeys(raw, ["op", "match", "index"]) || !isIntegerInRange(raw.index, MIN_MOVE_INDEX, MAX_MOVE_INDEX)) return null;
      return { op: "move", match, index: raw.index };
    case "hide":
      if (!hasOnlyKeys(raw, ["op", "match"])) return null;
      return { op: "hide", match };
    default:
      return null;
  }
}
