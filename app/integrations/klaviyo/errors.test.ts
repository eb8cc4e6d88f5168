import { describe, expect, it } from "vitest";
import { retryAfterMs, STEADY_WINDOW_MS, toCrmError } from "./errors";

const now = new Date("2026-03-10T22:30:00Z");
const body = (code: string, detail: string) => ({ errors: [{ id: "e1", status: 400, code, title: "t", detail, source: { pointer: "/data/" } }] });

describe("toCrmError", () => {
  it("waits for Retry-After on a 429, else for the steady window", () => {
    expect(toCrmError({ status: 429, body: body("throttled", "Request was throttled."), headers: { "retry-after": "3" } }, now)).toEqual({
      kind: "rate_limited",
      retryAfterMs: 3_000,
      policy: null,
      message: "Klaviyo answered 429 (throttled: Request was throttled. [error id e1])",
    });
    expect(toCrmError({ status: 429, body: "", headers: {} }, now)).toMatchObject({ kind: "rate_limited", retryAfterMs: STEADY_WINDOW_MS });
  });

  it("sorts other statuses into auth, unavailable and invalid, keeping Klaviyo's words", () => {
    expect(toCrmError({ status: 401, body: body("not_authenticated", "Missing or invalid private key."), headers: {} }, now)).toMatchObject({ kind: "auth", message: expect.stringContaining("not_authenticated: Missing or invalid private key.") });
    expect(toCrmError({ status: 403, body: body("permission_denied", "no lists:read"), headers: {} }, now).kind).toBe("auth");
    expect(toCrmError({ status: 503, body: "<html>", headers: {} }, now)).toEqual({ kind: "unavailable", message: "Klaviyo answered 503 (no error body)" });
    expect(toCrmError({ status: 404, body: JSON.stringify(body("not_found", "A list with id x does not exist.")), headers: {} }, now)).toMatchObject({ kind: "invalid", message: expect.stringContaining("not_found") });
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("5", now)).toBe(5_000);
    expect(retryAfterMs("Tue, 10 Mar 2026 22:31:00 GMT", now)).toBe(60_000);
    expect(retryAfterMs("soon", now)).toBeNull();
  });
});
