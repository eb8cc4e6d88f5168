import { describe, expect, it } from "vitest";
import { msUntilNextUtcMidnight, retryAfterHeaderMs, toCrmError } from "./crm-error";

const now = new Date("2026-03-10T22:30:00Z");
const rateLimited = (body: object, headers: Record<string, string> = {}) => toCrmError({ status: 429, body: JSON.stringify(body), headers }, now);

describe("toCrmError", () => {
  it("waits for Retry-After when given, whatever the policy", () => {
    expect(rateLimited({ policyName: "DAILY" }, { "retry-after": "42" })).toMatchObject({ kind: "rate_limited", retryAfterMs: 42_000, policy: "DAILY" });
  });

  it("without Retry-After: 10 s for the burst window, 1 s for the search limit, until midnight UTC for DAILY", () => {
    expect(rateLimited({ policyName: "TEN_SECONDLY_ROLLING" })).toMatchObject({ retryAfterMs: 10_000 });
    expect(rateLimited({ message: "You have reached your secondly limit." })).toMatchObject({ retryAfterMs: 1_000, policy: null });
    expect(rateLimited({ policyName: "DAILY" })).toMatchObject({ retryAfterMs: 90 * 60_000, policy: "DAILY" });
  });

  it("sorts other statuses into auth, unavailable and invalid, keeping HubSpot's words", () => {
    const body = JSON.stringify({ status: "error", category: "VALIDATION_ERROR", message: "bad", correlationId: "abc" });
    expect(toCrmError({ status: 400, body, headers: {} }, now)).toEqual({ kind: "invalid", message: "HubSpot answered 400 (VALIDATION_ERROR: bad) [correlationId abc]" });
    expect(toCrmError({ status: 401, body: "", headers: {} }, now)).toEqual({ kind: "auth", message: "HubSpot answered 401 (no error body)" });
    expect(toCrmError({ status: 403, body, headers: {} }, now).kind).toBe("auth");
    expect(toCrmError({ status: 503, body: "<html>", headers: {} }, now).kind).toBe("unavailable");
    expect(toCrmError({ status: 404, body, headers: {} }, now).kind).toBe("invalid");
  });
});

describe("Retry-After and midnight", () => {
  it("reads seconds or an HTTP date", () => {
    expect(retryAfterHeaderMs("5", now)).toBe(5_000);
    expect(retryAfterHeaderMs("Tue, 10 Mar 2026 22:31:00 GMT", now)).toBe(60_000);
    expect(retryAfterHeaderMs("soon", now)).toBeNull();
    expect(retryAfterHeaderMs(undefined, now)).toBeNull();
  });

  it("counts to the next midnight UTC, a full day from midnight itself", () => {
    expect(msUntilNextUtcMidnight(now)).toBe(90 * 60_000);
    expect(msUntilNextUtcMidnight(new Date("2026-12-31T23:59:59.000Z"))).toBe(1_000);
    expect(msUntilNextUtcMidnight(new Date("2026-03-11T00:00:00Z"))).toBe(86_400_000);
  });
});
