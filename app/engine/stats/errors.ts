// One error type for every input the statistics refuse, so callers (the CLI, the admin) can tell
// "your numbers are impossible" apart from a bug and show the message as is.
export class StatsError extends Error {
  override readonly name = "StatsError";
}

export function fail(message: string): never {
  throw new StatsError(message);
}
