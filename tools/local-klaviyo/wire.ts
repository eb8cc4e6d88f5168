import { randomUUID } from "node:crypto";

// Klaviyo's JSON:API reply shapes shared by every route: `application/vnd.api+json` bodies, and
// errors as `{ errors: [{ id, status, code, title, detail, source }] }` (status is a number, `source`
// names a JSON pointer or a query parameter).

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type ErrorSource = { pointer: string } | { parameter: string };

export type ErrorObject = { id: string; status: number; code: string; title: string; detail: string; source: ErrorSource };

export function errorReply(status: number, code: string, title: string, detail: string, source: ErrorSource = { pointer: "/data/" }): Reply {
  const error: ErrorObject = { id: randomUUID(), status, code, title, detail, source };
  return { status, body: { errors: [error] } };
}

export const invalid = (detail: string, source?: ErrorSource): Reply => errorReply(400, "invalid", "Invalid input.", detail, source);

export const notFound = (detail: string): Reply => errorReply(404, "not_found", "Not found.", detail);

export const notAuthenticated = (): Reply => errorReply(401, "not_authenticated", "Authentication credentials were not provided.", "Missing or invalid private key.");

export const missingRevision = (): Reply =>
  errorReply(400, "invalid", "Invalid input.", "The revision header is required (format: YYYY-MM-DD[.suffix]).", { parameter: "revision" });

/** The throttled reply: Retry-After in whole seconds, and the wait repeated in `detail` as Klaviyo does. */
export function throttledReply(retryAfterSeconds: number, headers: Record<string, string> = {}): Reply {
  const unit = retryAfterSeconds === 1 ? "second" : "seconds";
  return {
    ...errorReply(429, "throttled", "Request was throttled.", `Request was throttled. Expected available in ${retryAfterSeconds} ${unit}.`),
    headers: { ...headers, "Retry-After": String(retryAfterSeconds) },
  };
}
