import { createHmac, timingSafeEqual } from "node:crypto";

// Slack signs every request it sends (slash commands, interactivity, events) with the app's signing
// secret: `v0=` + hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}`. The raw body must be
// the exact bytes received, before any form or JSON parsing, or the signature will not match.

/** Slack's documented replay window: requests whose timestamp is further than this from now are refused. */
export const MAX_SKEW_SECONDS = 300;

export type VerifySlackRequestInput = {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp` (Unix seconds). */
  timestampHeader: string | null | undefined;
  /** `X-Slack-Signature`, `v0=<hex>`. */
  signatureHeader: string | null | undefined;
  rawBody: string | Buffer;
  /** Passed in (not read from the clock) so replay checks are testable. */
  nowSeconds: number;
};

export type VerifySlackRequestResult = { ok: true } | { ok: false; error: "missing_headers" | "stale_timestamp" | "bad_signature" };

/** The `X-Slack-Signature` value Slack would send for this timestamp and body. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string | Buffer): string {
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest("hex")}`;
}

/**
 * @example
 * const raw = await request.text();
 * const check = verifySlackRequest({
 *   signingSecret: env.SLACK_SIGNING_SECRET,
 *   timestampHeader: request.headers.get("X-Slack-Request-Timestamp"),
 *   signatureHeader: request.headers.get("X-Slack-Signature"),
 *   rawBody: raw,
 *   nowSeconds: Math.floor(Date.now() / 1000),
 * });
 * if (!check.ok) throw new Response(null, { status: 401 });
 */
export function verifySlackRequest(input: VerifySlackRequestInput): VerifySlackRequestResult {
  const { signingSecret, timestampHeader, signatureHeader, rawBody, nowSeconds } = input;
  if (!timestampHeader || !signatureHeader) return { ok: false, error: "missing_headers" };

  // A timestamp that is not a plain integer can never be fresh; refusing it here also keeps odd
  // strings (" 123", "1e3") out of the signed base string.
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, error: "stale_timestamp" };
  if (Math.abs(nowSeconds - Number(timestampHeader)) > MAX_SKEW_SECONDS) return { ok: false, error: "stale_timestamp" };

  // An empty secret would make every signature computable by anyone: fail closed.
  if (!signingSecret) return { ok: false, error: "bad_signature" };

  const expected = Buffer.from(slackSignature(signingSecret, timestampHeader, rawBody), "utf8");
  const received = Buffer.from(signatureHeader, "utf8");
  // timingSafeEqual throws on different lengths; the length of a v0 signature is public anyway.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, error: "bad_signature" };
  }
  return { ok: true };
}
