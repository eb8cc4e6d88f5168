import { LogLevel, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, WebClient } from "@slack/web-api";
import { z } from "zod";
import { approvalBlocks, approvalText, resolvedBlocks, resolvedText, type ApprovalRequest, type ApprovalStatus } from "./approval-message";

// Posts and updates approval requests through the official WebClient. Callers run inside queued jobs,
// which own retrying, so the SDK's own retries are off: its default policy retries for ~30 minutes and,
// on HTTP 429, pauses its whole request queue for Retry-After seconds.

export type SlackConfig = {
  /** Bot token (xoxb-…) with chat:write. */
  token: string;
  /** Channel id (C…) approval requests are posted to. */
  channel: string;
  /** Web API base; defaults to https://slack.com/api/. Tests point it at tools/local-slack. */
  apiUrl?: string;
  timeoutMs?: number;
};

export type SlackMessageRef = { channel: string; ts: string };
/** `code` is Slack's own error string (channel_not_found, invalid_auth, …) or one of ours: rate_limited, http_error, request_error, unexpected_response. */
export type SlackError = { code: string; message: string; retryAfterSeconds?: number };
export type SlackResult<T> = { ok: true; data: T } | { ok: false; error: SlackError };

const messageReplySchema = z.object({ ok: z.literal(true), channel: z.string().min(1), ts: z.string().min(1) });

function client(config: SlackConfig): WebClient {
  const apiUrl = config.apiUrl ?? "https://slack.com/api/";
  return new WebClient(config.token, {
    // The SDK appends the method name to this string as is, so it must end with a slash.
    slackApiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: config.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}

export function toSlackError(error: unknown): SlackError {
  if (error instanceof WebAPIPlatformError) return { code: error.data.error, message: `Slack refused the call: ${error.data.error}` };
  if (error instanceof WebAPIRateLimitedError) return { code: "rate_limited", message: error.message, retryAfterSeconds: error.retryAfter };
  if (error instanceof WebAPIHTTPError) return { code: "http_error", message: `HTTP ${error.statusCode} ${error.statusMessage}`.trim() };
  if (error instanceof WebAPIRequestError) return { code: "request_error", message: error.original.message };
  // e.g. a 429 without a usable Retry-After, which the SDK reports as a plain Error.
  return { code: "request_error", message: error instanceof Error ? error.message : String(error) };
}

async function call(send: () => Promise<unknown>): Promise<SlackResult<SlackMessageRef>> {
  let reply: unknown;
  try {
    reply = await send();
  } catch (error) {
    return { ok: false, error: toSlackError(error) };
  }
  const parsed = messageReplySchema.safeParse(reply);
  if (!parsed.success) return { ok: false, error: { code: "unexpected_response", message: parsed.error.message } };
  return { ok: true, data: { channel: parsed.data.channel, ts: parsed.data.ts } };
}

/**
 * Posts an approval request to the configured channel. Keep the returned `{ channel, ts }`: it is how
 * the message is found again to update it.
 * @example
 * const posted = await postApprovalRequest({ token, channel: "C0123" }, approval);
 * if (posted.ok) await saveSlackMessage(approval.id, posted.data);
 */
export function postApprovalRequest(config: SlackConfig, approval: ApprovalRequest): Promise<SlackResult<SlackMessageRef>> {
  return call(() => client(config).chat.postMessage({ channel: config.channel, text: approvalText(approval), blocks: approvalBlocks(approval) }));
}

/** Rewrites a posted request to show the decision and who made it, removing the buttons. */
export function updateApprovalMessage(
  config: SlackConfig,
  message: SlackMessageRef,
  approval: ApprovalRequest,
  status: ApprovalStatus,
  byName: string,
): Promise<SlackResult<SlackMessageRef>> {
  return call(() =>
    client(config).chat.update({
      channel: message.channel,
      ts: message.ts,
      text: resolvedText(approval, status, byName),
      blocks: resolvedBlocks(approval, status, byName),
    }),
  );
}
