// Salesforce REST error bodies are JSON arrays of `{ message, errorCode, fields? }`, whatever the status.

export type SfError = { message: string; errorCode: string; fields?: string[] };
export type Reply = { status: number; body: unknown; headers?: Record<string, string>; raw?: { contentType: string; text: string } };

export const sfError = (errorCode: string, message: string, fields?: string[]): SfError => ({ message, errorCode, ...(fields ? { fields } : {}) });
export const isSfError = (value: unknown): value is SfError => typeof value === "object" && value !== null && "errorCode" in value && "message" in value;

export const fail = (status: number, errorCode: string, message: string, fields?: string[]): Reply => ({ status, body: [sfError(errorCode, message, fields)] });
export const ok = (body: unknown, status = 200): Reply => ({ status, body });

export const notFound = (): Reply => fail(404, "NOT_FOUND", "The requested resource does not exist");
export const sessionInvalid = (): Reply => fail(401, "INVALID_SESSION_ID", "Session expired or invalid");
/** The daily allocation is spent; Salesforce sends no Retry-After. */
export const limitExceeded = (): Reply => fail(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");

/** Record ids: a 3-character key prefix (003 Contact, 500 Case, 00N custom field), 15 characters in all, plus the 3-character checksum suffix. */
export function recordId(prefix: string, n: number): string {
  return `${prefix}LOC${String(n).padStart(9, "0")}AAA`;
}
