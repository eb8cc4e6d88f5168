import { z } from "zod";
import type { CrmError } from "../crm/types";

// How a refused Klaviyo call becomes a CrmError. Klaviyo answers every refusal with JSON:API error
// objects (`{ errors: [{ id, status, code, title, detail, source }] }`) and a 429 with Retry-After
// in seconds (its windows are 1 s burst and 1 min steady).

/** A refused call as axios (under the SDK) reports it: the parsed body (or text) and lower-case header names. */
export type HttpFailure = { status: number; body: unknown; headers: Record<string, string> };

const errorObjects = z.object({
  errors: z.array(z.object({ id: z.string().optional(), code: z.string().optional(), title: z.string().optional(), detail: z.string().optional() })).min(1),
});

// Without Retry-After (a proxy's 429), wait out the steady window: the burst one is shorter.
export const STEADY_WINDOW_MS = 60_000;

/** The first error object as "code: detail [id]", or why there is none. */
export function describeErrors(body: unknown): string {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return "no error body";
    }
  }
  const parsed = errorObjects.safeParse(value);
  if (!parsed.success) return "no error body";
  const [first] = parsed.data.errors;
  const text = [first!.code, first!.detail ?? first!.title].filter(Boolean).join(": ") || "no detail";
  return `${text}${first!.id ? ` [error id ${first!.id}]` : ""}`;
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export function toCrmError(failure: HttpFailure, now: Date): CrmError {
  const message = `Klaviyo answered ${failure.status} (${describeErrors(failure.body)})`;
  if (failure.status === 429) return { kind: "rate_limited", message, retryAfterMs: retryAfterMs(failure.headers["retry-after"], now) ?? STEADY_WINDOW_MS, policy: null };
  if (failure.status === 401 || failure.status === 403) return { kind: "auth", message };
  if (failure.status >= 500) return { kind: "unavailable", message };
  return { kind: "invalid", message };
}
