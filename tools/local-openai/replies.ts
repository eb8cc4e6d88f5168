import type { Reply } from "./server";

// Replies a handler can return, named after what the real API does.

/** A completion whose content is `value` as JSON (what structured output returns). */
export const json = (value: unknown, extra: { delayMs?: number } = {}): Reply => ({ content: JSON.stringify(value), ...extra });

/** A completion with raw text content, e.g. broken JSON. */
export const text = (content: string): Reply => ({ content });

/** Structured-output refusal: content is null and message.refusal says why. */
export const refusal = (why = "I'm sorry, I can't help with that request."): Reply => ({ content: null, refusal: why });

/** 429 with OpenAI's error body and a retry-after header (seconds). */
export const rateLimited = (retryAfterSeconds = 0): Reply => ({
  status: 429,
  headers: { "retry-after": String(retryAfterSeconds), "x-ratelimit-remaining-requests": "0" },
  error: { message: "Rate limit reached for requests. Please try again later.", type: "requests", code: "rate_limit_exceeded" },
});

export const serverError = (): Reply => ({
  status: 500,
  error: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: null },
});

/** A reply that arrives only after `ms`: longer than the client's timeout, it is a timeout. */
export const slow = (ms: number, reply: Reply): Reply => ({ ...reply, delayMs: ms });
