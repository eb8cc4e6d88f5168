import { z } from "zod";
import type { CrmError } from "../crm/types";

// How a refused HubSpot call becomes a CrmError. A 429's body names the limit hit in `policyName`
// (the SDK hands error bodies over as parsed, unmodelled JSON, so the field survives); the wait
// comes from Retry-After when HubSpot sends one, else from the policy.

/** A refused call as the SDK's ApiException reports it: the parsed body (or text) and lower-case header names. */
export type HttpFailure = { status: number; body: unknown; headers: Record<string, string> };

// HubSpot asks clients to treat every field as optional.
const errorBody = z.object({
  message: z.string().optional(),
  category: z.string().optional(),
  policyName: z.string().optional(),
  correlationId: z.string().optional(),
});

export const TEN_SECONDLY_WAIT_MS = 10_000;
// The search endpoints' own per-second limit, recognised (as the SDK does) by its message.
const SECONDLY_MESSAGE = "You have reached your secondly limit.";
const SECONDLY_WAIT_MS = 1_000;

function parseBody(body: unknown): z.infer<typeof errorBody> {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return {};
    }
  }
  const parsed = errorBody.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterHeaderMs(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * The DAILY cap resets at midnight in the HubSpot account's time zone, which the API does not tell
 * us; waiting until the next midnight UTC is right for UTC accounts and, elsewhere, at worst a few
 * hours early (the retry then meets DAILY again and waits once more) or late.
 */
export function msUntilNextUtcMidnight(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime();
}

export function toCrmError(failure: HttpFailure, now: Date): CrmError {
  const body = parseBody(failure.body);
  const detail = [body.category, body.message].filter(Boolean).join(": ") || "no error body";
  const message = `HubSpot answered ${failure.status} (${detail})${body.correlationId ? ` [correlationId ${body.correlationId}]` : ""}`;
  if (failure.status === 429) {
    const policy = body.policyName ?? null;
    const fromHeader = retryAfterHeaderMs(failure.headers["retry-after"], now);
    const byPolicy =
      policy === "DAILY" ? msUntilNextUtcMidnight(now) : body.message === SECONDLY_MESSAGE ? SECONDLY_WAIT_MS : TEN_SECONDLY_WAIT_MS;
    return { kind: "rate_limited", message, retryAfterMs: fromHeader ?? byPolicy, policy };
  }
  if (failure.status === 401 || failure.status === 403) return { kind: "auth", message };
  if (failure.status >= 500) return { kind: "unavailable", message };
  return { kind: "invalid", message };
}
