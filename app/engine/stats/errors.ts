import type { z } from "zod";

// One error type for every input the statistics refuse, so callers (the CLI, the admin) can tell
// "your numbers are impossible" apart from a bug and show the message as is.
export class StatsError extends Error {
  override readonly name = "StatsError";
}

export function fail(message: string): never {
  throw new StatsError(message);
}

/** zod's issues as one line: "control.n: n must be at least 2; alpha: …". */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
}
