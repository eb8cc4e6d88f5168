// Replaying a logged decision. decide() is deterministic: the same context gives the same decision,
// byte for byte under JSON.stringify (keys of `inputs` are sorted, everything else is built in a
// fixed order, randomness comes only from context.seed + unitId). A decision logs the context it
// used in `inputs.context`, so replay needs nothing but the log entry.
import type { DecisionContextInput } from "./context";
import type { Decision } from "./decision";
import { decide } from "./decide";

type Logged = Pick<Decision, "inputs"> | Decision["inputs"] | DecisionContextInput;

/**
 * Decide again from a logged decision, its `inputs`, or a context.
 * @example
 * const again = replay(JSON.parse(auditRow.decisionJson));
 * JSON.stringify(again) === auditRow.decisionJson; // true for the same ENGINE_VERSION
 */
export function replay(logged: Logged | unknown): Decision {
  return decide(contextOf(logged));
}

function contextOf(logged: unknown): unknown {
  if (logged === null || typeof logged !== "object") return logged;
  const o = logged as Record<string, unknown>;
  if ("inputs" in o && o.inputs !== null && typeof o.inputs === "object") return (o.inputs as Record<string, unknown>).context;
  if ("context" in o && "features" in o) return o.context;
  return logged;
}

/** True when replaying the logged decision gives exactly the logged text. */
export function replayMatches(loggedJson: string): boolean {
  try {
    return JSON.stringify(replay(JSON.parse(loggedJson))) === loggedJson;
  } catch {
    return false;
  }
}
