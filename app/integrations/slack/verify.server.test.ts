import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackRequest } from "./verify.server";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const now = 1_700_000_000;
const body = "payload=%7B%22type%22%3A%22block_actions%22%7D";

function request(overrides: Partial<Parameters<typeof verifySlackRequest>[0]> = {}) {
  const timestamp = String(now);
  const valid = { signatureHeader: slackSignature(secret, timestamp, body) };
  return { signingSecret: secret, timestampHeader: timestamp, ...valid, rawBody: body, nowSeconds: now, ...overrides };
}

describe("verifySlackRequest", () => {
  it("matches Slack's documented example signature", () => {
    // The worked example from Slack's "Verifying requests from Slack" guide.
    const raw =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(slackSignature(secret, "1531420618", raw)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    expect(verifySlackRequest({ signingSecret: secret, timestampHeader: "1531420618", signatureHeader: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", rawBody: raw, nowSeconds: 1531420618 + 10 })).toEqual({ ok: true });
  });

  it("accepts a valid signature, as a string or Buffer body", () => {
    expect(verifySlackRequest(request())).toEqual({ ok: true });
    expect(verifySlackRequest(request({ rawBody: Buffer.from(body) }))).toEqual({ ok: true });
  });

  it("rejects a tampered body", () => {
    expect(verifySlackRequest(request({ rawBody: body.replace("block", "blocc") }))).toEqual({ ok: false, error: "bad_signature" });
  });

  it("rejects a signature made with another secret, a truncated one and an empty secret", () => {
    const other = slackSignature("another-secret", String(now), body);
    expect(verifySlackRequest(request({ signatureHeader: other }))).toEqual({ ok: false, error: "bad_signature" });
    expect(verifySlackRequest(request({ signatureHeader: slackSignature(secret, String(now), body).slice(0, -1) }))).toEqual({ ok: false, error: "bad_signature" });
    expect(verifySlackRequest(request({ signingSecret: "", signatureHeader: slackSignature("", String(now), body) }))).toEqual({ ok: false, error: "bad_signature" });
  });

  it("rejects a signature over a different timestamp (the timestamp is signed)", () => {
    expect(verifySlackRequest(request({ timestampHeader: String(now - 1) }))).toEqual({ ok: false, error: "bad_signature" });
  });

  it("refuses replays older than 5 minutes and accepts exactly 300 s", () => {
    const at = (age: number) => {
      const ts = String(now - age);
      return verifySlackRequest(request({ timestampHeader: ts, signatureHeader: slackSignature(secret, ts, body) }));
    };
    expect(at(300)).toEqual({ ok: true });
    expect(at(301)).toEqual({ ok: false, error: "stale_timestamp" });
  });

  it("refuses timestamps too far in the future", () => {
    const ts = String(now + 301);
    expect(verifySlackRequest(request({ timestampHeader: ts, signatureHeader: slackSignature(secret, ts, body) }))).toEqual({ ok: false, error: "stale_timestamp" });
  });

  it("refuses non-numeric timestamps", () => {
    for (const ts of ["abc", "1e9", " 1700000000", "-1"]) {
      expect(verifySlackRequest(request({ timestampHeader: ts, signatureHeader: slackSignature(secret, ts, body) }))).toEqual({ ok: false, error: "stale_timestamp" });
    }
  });

  it("reports missing headers", () => {
    expect(verifySlackRequest(request({ timestampHeader: null }))).toEqual({ ok: false, error: "missing_headers" });
    expect(verifySlackRequest(request({ signatureHeader: undefined }))).toEqual({ ok: false, error: "missing_headers" });
    expect(verifySlackRequest(request({ signatureHeader: "" }))).toEqual({ ok: false, error: "missing_headers" });
  });
});
