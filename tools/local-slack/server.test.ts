import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseApprovalInteraction } from "../../app/integrations/slack/interactivity";
import { verifySlackRequest } from "../../app/integrations/slack/verify.server";
import { startLocalSlack, type LocalSlack } from "./server";

const token = "xoxb-local";
const signingSecret = "local-signing-secret";
let slack: LocalSlack;
beforeAll(async () => {
  slack = await startLocalSlack({ token, clock: () => 1_700_000_000_000 });
});
afterAll(() => slack.close());

const button = (action_id: string, text = "Go") => ({ type: "button", action_id, value: "v", text: { type: "plain_text", text } });
const blocks = [{ type: "actions", elements: [button("a.one"), button("a.two")] }];

async function api(method: string, init: { json?: unknown; form?: Record<string, string>; bearer?: string }) {
  const headers: Record<string, string> = init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {};
  const body = init.json !== undefined ? JSON.stringify(init.json) : new URLSearchParams(init.form).toString();
  headers["Content-Type"] = init.json !== undefined ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded";
  const res = await fetch(`${slack.apiUrl}${method}`, { method: "POST", headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("local Slack Web API", () => {
  it("takes JSON bodies with a Bearer token and a channel name", async () => {
    const res = await api("chat.postMessage", { bearer: token, json: { channel: "#approvals", text: "hi", blocks } });
    expect(res).toMatchObject({ status: 200, body: { ok: true, channel: "C0APPROVALS", ts: "1700000000.000001", message: { text: "hi", bot_id: "B0LOCALBOT", blocks } } });
  });

  it("takes form bodies with the token as a field and blocks as a JSON string", async () => {
    const res = await api("chat.postMessage", { form: { token, channel: "C0APPROVALS", text: "hi", blocks: JSON.stringify(blocks) } });
    expect(res.body).toMatchObject({ ok: true, channel: "C0APPROVALS" });
  });

  it("refuses missing and wrong tokens; JSON bodies cannot carry one", async () => {
    expect((await api("chat.postMessage", { json: { token, channel: "C0APPROVALS", text: "hi" } })).body).toEqual({ ok: false, error: "not_authed" });
    expect((await api("chat.postMessage", { bearer: "xoxb-nope", json: { channel: "C0APPROVALS", text: "hi" } })).body).toEqual({ ok: false, error: "invalid_auth" });
  });

  it("reports invalid_blocks the way Slack does", async () => {
    const bad = [{ type: "actions", elements: [button("dup", "x".repeat(76)), button("dup")] }];
    const res = await api("chat.postMessage", { bearer: token, json: { channel: "C0APPROVALS", text: "hi", blocks: bad } });
    expect(res.body).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(res.body.errors).toEqual([
      "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
      "action_id already exists [json-pointer:/blocks/0/elements/1/action_id]",
    ]);
  });

  it("needs text or blocks, and knows only the methods it models", async () => {
    expect((await api("chat.postMessage", { bearer: token, json: { channel: "C0APPROVALS" } })).body).toEqual({ ok: false, error: "no_text" });
    expect((await api("chat.delete", { bearer: token, json: {} })).body).toMatchObject({ ok: false, error: "unknown_method" });
  });

  it("chat.update keeps blocks that are not sent again, and needs a channel id", async () => {
    const posted = await api("chat.postMessage", { bearer: token, json: { channel: "C0APPROVALS", text: "before", blocks } });
    const ts = posted.body.ts as string;
    const updated = await api("chat.update", { bearer: token, json: { channel: "C0APPROVALS", ts, text: "after" } });
    expect(updated.body).toMatchObject({ ok: true, ts, text: "after", message: { blocks, edited: { ts } } });
    expect((await api("chat.update", { bearer: token, json: { channel: "approvals", ts, text: "x" } })).body).toEqual({ ok: false, error: "channel_not_found" });
  });
});

describe("signedInteraction", () => {
  // A tiny app endpoint: verify on the raw body, then parse, as the real route will.
  let receiver: Server;
  let url: string;
  beforeAll(async () => {
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString("utf8");
      const check = verifySlackRequest({
        signingSecret,
        timestampHeader: req.headers["x-slack-request-timestamp"] as string | undefined,
        signatureHeader: req.headers["x-slack-signature"] as string | undefined,
        rawBody: raw,
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      res.writeHead(check.ok ? 200 : 401, { "Content-Type": "application/json" });
      res.end(JSON.stringify(check.ok ? parseApprovalInteraction(raw) : check));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack/interactivity`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const click = () => slack.buttonClick({ actionId: "approval.reject", value: "apr_7", channel: "C0APPROVALS", messageTs: "1700000000.000001" });

  it("sends a request the app's verifier accepts and its parser reads", async () => {
    const res = await slack.signedInteraction({ url, signingSecret, payload: click() });
    expect(res.status).toBe(200);
    const parsed = (await res.json()) as { ok: boolean; data: Record<string, string> };
    expect(parsed).toMatchObject({ ok: true, data: { actionId: "approval.reject", approvalId: "apr_7", channel: "C0APPROVALS", teamId: "T0LOCAL01" } });

    // The response_url points back at the local Slack, which records what the app sends there.
    const reply = await fetch(parsed.data.responseUrl!, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ replace_original: true, text: "Rejected" }) });
    expect(await reply.text()).toBe("ok");
    expect(slack.responses.at(-1)?.body).toEqual({ replace_original: true, text: "Rejected" });
  });

  it("is refused when signed with another secret or replayed after 5 minutes", async () => {
    const wrong = await slack.signedInteraction({ url, signingSecret: "other", payload: click() });
    expect([wrong.status, await wrong.json()]).toEqual([401, { ok: false, error: "bad_signature" }]);
    const old = await slack.signedInteraction({ url, signingSecret, payload: click(), timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect([old.status, await old.json()]).toEqual([401, { ok: false, error: "stale_timestamp" }]);
  });
});
