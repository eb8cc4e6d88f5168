// One error type for input the off-policy estimators refuse, as StatsError is for the statistics:
// callers can tell "these logs cannot support an estimate" from a bug and show the message as is.
export class OpeError extends Error {
  override readonly name = "OpeError";
}

export function fail(message: string): never {
  throw new OpeError(message);
}
