// One experiment operation on payment methods, as the app writes it in the configuration.
import { hasOnlyKeys, isDisplayText, isIntegerInRange, isObject } from "../../shared/src/experiment/guards";

export const MAX_NAME = 255;
/** Larger indexes are clamped to the end of the list when planned. */
export const MAX_MOVE_INDEX = 100;

/** Matches methods whose name, as Shopify sent it, contains the text (case-sensitive). */
export type PaymentMatch = { nameContains: string };

export type PaymentOp =
  | { op: "rename"; match: PaymentMatch; name: string }
  | { op: "move"; match: PaymentMatch; index: number }
  | { op: "hide"; match: PaymentMatch };

function parseMatch(raw: unknown): PaymentMatch | null {
  if (!isObject(raw) || !hasOnlyKeys(raw, ["nameContains"])) return null;
  return isDisplayText(raw.nameContains, MAX_NAME) ? { nameContains: raw.nameContains } : null;
}

/** An operation, or null for anything unknown or malformed (which refuses the whole config). */
export function parsePaymentOp(raw: unknown): PaymentOp | null {
  if (!isObject(raw)) return null;
  const match = parseMatch(raw.match);
  if (match === null) return null;
  switch (raw.op) {
    case "rename":
      // isDisplayText refuses "" and blanks: a nameless payment method is never what a test means.
      if (!hasOnlyKeys(raw, ["op", "match", "name"]) || !isDisplayText(raw.name, MAX_NAME)) return null;
      return { op: "rename", match, name: raw.name };
    case "move":
      if (!hasOnlyKeys(raw, ["op", "match", "index"]) || !isIntegerInRange(raw.index, 0, MAX_MOVE_INDEX)) return null;
      return { op: "move", match, index: raw.index };
    case "hide":
      if (!hasOnlyKeys(raw, ["op", "match"])) return null;
      return { op: "hide", match };
    default:
      return null;
  }
}
