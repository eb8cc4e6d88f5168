import { randomUUID } from "node:crypto";

// HubSpot's reply shapes shared by every route. Error bodies follow the documented generic Error
// (`status`, `message`, `correlationId`, `category`, optional `errors`, `context`, `links`,
// `subCategory`); batch bodies carry `status`/`results`/`startedAt`/`completedAt` and, on 207,
// `numErrors`/`errors` of StandardError.

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type ErrorDetail = { message: string; code?: string; in?: string; context?: Record<string, string[]> };

/** One StandardError of a 207 reply (also what HubSpot nests under `errors` of batch replies). */
export type StandardError = {
  status: "error";
  category: string;
  message: string;
  errors: ErrorDetail[];
  context: Record<string, string[]>;
  links: Record<string, string>;
  subCategory?: string;
};

export function errorReply(
  status: number,
  category: string,
  message: string,
  extra: { errors?: ErrorDetail[]; context?: Record<string, string[]>; subCategory?: string; links?: Record<string, string> } = {},
): Reply {
  return { status, body: { status: "error", message, correlationId: randomUUID(), category, ...extra } };
}

export const validationError = (message: string, errors?: ErrorDetail[]): Reply => errorReply(400, "VALIDATION_ERROR", message, errors ? { errors } : {});

export const notFound = (message: string): Reply => errorReply(404, "OBJECT_NOT_FOUND", message);

/** The batch envelope of 200/201/207 replies; `errors` present makes it a 207. */
export function batchReply(okStatus: 200 | 201, results: unknown[], errors: StandardError[], timing: { startedAt: string; completedAt: string }): Reply {
  const envelope = { status: "COMPLETE", results, requestedAt: timing.startedAt, startedAt: timing.startedAt, completedAt: timing.completedAt, links: {} };
  if (errors.length === 0) return { status: okStatus, body: envelope };
  return { status: 207, body: { ...envelope, numErrors: errors.length, errors } };
}

export function standardError(category: string, message: string, context: Record<string, string[]>, errors: ErrorDetail[] = [], subCategory?: string): StandardError {
  return { status: "error", category, message, errors, context, links: {}, ...(subCategory ? { subCategory } : {}) };
}

export type RatePolicy = "TEN_SECONDLY_ROLLING" | "DAILY";

// The DAILY body is the usage-guidelines example; the TEN_SECONDLY_ROLLING message is the one
// commonly reported for burst-window 429s (the SDK keys on `policyName`, not on the text).
export function rateLimitReply(policyName: RatePolicy, retryAfterSeconds: number | undefined, headers: Record<string, string>): Reply {
  const message = policyName === "DAILY" ? "You have reached your daily limit." : "You have reached your ten_secondly_rolling limit.";
  return {
    status: 429,
    headers: { ...headers, ...(retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {}) },
    body: { status: "error", message, errorType: "RATE_LIMIT", correlationId: randomUUID(), policyName, requestId: randomUUID() },
  };
}
