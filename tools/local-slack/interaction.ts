import { createHmac } from "node:crypto";
import { BOT_ID, TEAM_ID } from "./workspace";

// What Slack sends to an app's Interactivity Request URL when a button is clicked: a form-encoded
// `payload=<json>` body, signed with the app's signing secret. Signed here independently of
// app/integrations/slack so a test of one against the other checks two implementations agree.

export type ButtonClick = {
  actionId: string;
  value: string;
  userId?: string;
  teamId?: string;
  channel: string;
  messageTs: string;
  responseUrl: string;
};

/** A block_actions payload shaped like Slack's, with the fields apps commonly read. */
export function buttonClickPayload(click: ButtonClick): Record<string, unknown> {
  const teamId = click.teamId ?? TEAM_ID;
  const userId = click.userId ?? "U0APPROVER";
  return {
    type: "block_actions",
    user: { id: userId, username: "approver", name: "approver", team_id: teamId },
    api_app_id: "A0LOCALAPP",
    token: "deprecated-verification-token",
    container: { type: "message", message_ts: click.messageTs, channel_id: click.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.local.trigger`,
    team: { id: teamId, domain: "uplift-local" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: click.channel, name: "approvals" },
    message: { type: "message", subtype: "bot_message", bot_id: BOT_ID, ts: click.messageTs, text: "" },
    state: { values: {} },
    response_url: click.responseUrl,
    actions: [
      {
        action_id: click.actionId,
        block_id: "approval_actions",
        text: { type: "plain_text", text: click.actionId, emoji: true },
        value: click.value,
        type: "button",
        action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
      },
    ],
  };
}

export type SignedInteraction = {
  url: string;
  signingSecret: string;
  /** An object is JSON-encoded; a string is sent as is (to test malformed payloads). */
  payload: unknown;
  /** Unix seconds; defaults to now. Set it in the past to test replay protection. */
  timestamp?: number;
};

/** POSTs a signed interactivity request to `url` as Slack does, returning the app's response. */
export function signedInteraction({ url, signingSecret, payload, timestamp }: SignedInteraction): Promise<Response> {
  const body = new URLSearchParams({ payload: typeof payload === "string" ? payload : JSON.stringify(payload) }).toString();
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", signingSecret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      "X-Slack-Request-Timestamp": ts,
      "X-Slack-Signature": signature,
    },
    body,
  });
}
