import OpenAI from "openai";

// Maps whatever the SDK throws to the few kinds callers act on, and says which are worth one retry.

export type ProposeErrorKind = "timeout" | "rate_limited" | "server_error" | "malformed" | "refused" | "network";
export type ProposeError = { kind: ProposeErrorKind; message: string };

export type Classified = ProposeError & { retryable: boolean; retryAfterMs: number | null };

// OpenAI sends retry-after-ms (milliseconds) and retry-after (seconds or an HTTP date).
function retryAfterMs(headers: Headers | undefined, now: number): number | null {
  const ms = Number(headers?.get("retry-after-ms"));
  if (headers?.get("retry-after-ms") && Number.isFinite(ms)) return Math.max(0, ms);
  const value = headers?.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

export function classifyError(error: unknown, wallClockNow: number = Date.now()): Classified {
  // Timeout first: it is a subclass of APIConnectionError.
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return { kind: "timeout", message: "the model did not answer in time", retryable: true, retryAfterMs: null };
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return { kind: "network", message: error.message, retryable: true, retryAfterMs: null };
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    if (status === 429) {
      return { kind: "rate_limited", message: error.message, retryable: true, retryAfterMs: retryAfterMs(error.headers, wallClockNow) };
    }
    // 500, 502, 503 and 504 are transient; other statuses (400, 401, 403, 404, 422) are our fault
    // or a configuration error, which a retry cannot fix.
    return { kind: "server_error", message: error.message, retryable: status >= 500, retryAfterMs: null };
  }
  return { kind: "network", message: error instanceof Error ? error.message : String(error), retryable: false, retryAfterMs: null };
}
