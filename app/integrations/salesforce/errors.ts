import type { CrmError } from "../crm/types";

// How a failed jsforce call becomes a CrmError. jsforce throws an Error whose `errorCode` (and
// `name`) is Salesforce's errorCode from the JSON error array, or ERROR_HTTP_<status> when the body
// is not one (an HTML maintenance page); network failures are fetch's TypeError, timeouts an
// AbortError. The HTTP status comes from the session's transport, since the errors lack it.

/**
 * Salesforce sends no Retry-After. The daily allocation ("TotalRequests Limit exceeded.") is counted
 * over a trailing 24 hours, so room comes back gradually as old calls age out: wait 15 minutes and
 * try again rather than a whole day. The concurrent long-running request limit ("ConcurrentRequests",
 * "ConcurrentPerOrgLongTxn") frees up as soon as the slow calls (20 s or more) finish.
 */
export const TOTAL_REQUESTS_BACKOFF_MS = 15 * 60_000;
export const CONCURRENT_REQUESTS_BACKOFF_MS = 60_000;

export type ApiUsage = { used: number; limit: number };

function errorCodeOf(error: unknown): string | null {
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === "string" ? code : null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// No HTTP answer at all: refused or reset connections, DNS, and our own timeout.
function isTransportFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === "AbortError" || name === "TimeoutError" || messageOf(error) === "Request Timeout";
}

export function toCrmError(error: unknown, status: number | null, usage?: ApiUsage): CrmError {
  const code = errorCodeOf(error);
  const message = messageOf(error);
  if (code === "REQUEST_LIMIT_EXCEEDED") {
    const policy = /^(\w+)(?: \([^)]*\))? Limit exceeded/i.exec(message)?.[1] ?? null;
    const concurrent = policy !== null && policy.toLowerCase().startsWith("concurrent");
    return {
      kind: "rate_limited",
      message: usage ? `${message} (api-usage=${usage.used}/${usage.limit})` : message,
      retryAfterMs: concurrent ? CONCURRENT_REQUESTS_BACKOFF_MS : TOTAL_REQUESTS_BACKOFF_MS,
      policy,
    };
  }
  if (status === 401 || code === "INVALID_SESSION_ID") return { kind: "auth", message: `${code ?? "HTTP 401"}: ${message}` };
  if ((status !== null && status >= 500) || (status === null && isTransportFailure(error))) {
    const firstLine = message.split("\n")[0];
    return { kind: "unavailable", message: status === null ? `no answer from Salesforce: ${firstLine}` : `HTTP ${status}${code ? ` ${code}` : ""}: ${firstLine}` };
  }
  return { kind: "invalid", message: code ? `${code}: ${message}` : message };
}
