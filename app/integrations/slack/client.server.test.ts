import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalSlack, type LocalSlack } from "../../../tools/local-slack/server";
import type { ApprovalRequest } from "./approval-message";
import { postApprovalRequest, updateApprovalMessage, type SlackConfig } from "./client.server";

// The official WebClient, unmodified, against tools/local-slack on 127.0.0.1.

const token = "xoxb-local-test";
const approval: ApprovalRequest = {
  id: "apr_42",
  workflow: "Cart recovery",
  action: { type: "percentage_discount", percent: 15 },
  cartValueMinor: 12_000,
  currency: "USD",
  reasons: ["Discount above 10% needs approval"],
};

let slack: LocalSlack;
let config: SlackConfig;
beforeAll(async () => {
  slack = await startLocalSlack({ token });
  config = { token, channel: "C0APPROVALS", apiUrl: slack.apiUrl };
});
afterAll(() => slack.close());

type Button = { action_id: string; style?: string; value?: string };
const buttonsOf = (blocks: unknown[]) =>
  blocks.flatMap((b) => ((b as { type: string }).type === "actions" ? ((b as { elements: Button[] }).elements) : []));

describe("postApprovalRequest", () => {
  it("posts the request and returns where it landed", async () => {
    const posted = await postApprovalRequest(config, approval);
    expect(posted.ok).toBe(true);
    if (!posted.ok) return;
    expect(posted.data.channel).toBe("C0APPROVALS");
    expect(posted.data.ts).toMatch(/^\d+\.\d{6}$/);

    const message = slack.messages.find((m) => m.ts === posted.data.ts)!;
    expect(message.text).toContain("15% off");
    expect(buttonsOf(message.blocks)).toEqual([
      expect.objectContaining({ action_id: "approval.approve", style: "primary", value: "apr_42" }),
      expect.objectContaining({ action_id: "approval.reject", style: "danger", value: "apr_42" }),
    ]);
    // The SDK sends form-encoded bodies with blocks as a JSON string and the token as a Bearer header.
    expect(slack.requests.at(-1)).toMatchObject({ method: "chat.postMessage", contentType: "application/x-www-form-urlencoded" });
  });

  it("accepts an apiUrl without the trailing slash", async () => {
    const posted = await postApprovalRequest({ ...config, apiUrl: slack.apiUrl.replace(/\/$/, "") }, approval);
    expect(posted.ok).toBe(true);
  });

  it("returns invalid_auth for a wrong token", async () => {
    expect(await postApprovalRequest({ ...config, token: "xoxb-wrong" }, approval)).toMatchObject({ ok: false, error: { code: "invalid_auth" } });
  });

  it("returns channel_not_found for an unknown channel", async () => {
    expect(await postApprovalRequest({ ...config, channel: "C0NOPE" }, approval)).toMatchObject({ ok: false, error: { code: "channel_not_found" } });
  });

  it("returns rate_limited with Retry-After at once instead of waiting", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 30 });
    const started = Date.now();
    expect(await postApprovalRequest(config, approval)).toEqual({ ok: false, error: expect.objectContaining({ code: "rate_limited", retryAfterSeconds: 30 }) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("returns http_error for an outage, without retrying", async () => {
    const before = slack.requests.length;
    slack.failNext("chat.postMessage", { status: 503 });
    expect(await postApprovalRequest(config, approval)).toMatchObject({ ok: false, error: { code: "http_error" } });
    // One request reached the server: the SDK's default policy would have retried the 503.
    expect(slack.requests.length).toBe(before + 1);
    expect(await postApprovalRequest(config, approval)).toMatchObject({ ok: true });
  });

  it("returns request_error when Slack cannot be reached", async () => {
    const closed = await startLocalSlack({ token });
    await closed.close();
    expect(await postApprovalRequest({ ...config, apiUrl: closed.apiUrl }, approval)).toMatchObject({ ok: false, error: { code: "request_error" } });
  });

  it("returns unexpected_response when a 200 reply lacks the message ts", async () => {
    slack.failNext("chat.postMessage", { status: 200, body: { ok: true, channel: "C0APPROVALS" } });
    expect(await postApprovalRequest(config, approval)).toMatchObject({ ok: false, error: { code: "unexpected_response" } });
  });
});

describe("updateApprovalMessage", () => {
  it("replaces the buttons with the decision", async () => {
    const posted = await postApprovalRequest(config, approval);
    if (!posted.ok) throw new Error(posted.error.message);
    const updated = await updateApprovalMessage(config, posted.data, approval, "approved", "Ana");
    expect(updated).toEqual({ ok: true, data: posted.data });

    const message = slack.messages.find((m) => m.ts === posted.data.ts)!;
    expect(message.updates).toBe(1);
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("Approved by *Ana*");
  });

  it("returns message_not_found and channel_not_found", async () => {
    expect(await updateApprovalMessage(config, { channel: "C0APPROVALS", ts: "1.000001" }, approval, "rejected", "Bo")).toMatchObject({ ok: false, error: { code: "message_not_found" } });
    expect(await updateApprovalMessage(config, { channel: "C0NOPE", ts: "1.000001" }, approval, "rejected", "Bo")).toMatchObject({ ok: false, error: { code: "channel_not_found" } });
  });

  it("returns invalid_auth for a wrong token", async () => {
    const posted = await postApprovalRequest(config, approval);
    if (!posted.ok) throw new Error(posted.error.message);
    expect(await updateApprovalMessage({ ...config, token: "xoxb-wrong" }, posted.data, approval, "rejected", "Bo")).toMatchObject({ ok: false, error: { code: "invalid_auth" } });
  });
});
