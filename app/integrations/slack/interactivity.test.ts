import { describe, expect, it } from "vitest";
import { parseApprovalInteraction } from "./interactivity";

// Trimmed from a real block_actions payload; Slack sends more fields, which the parser ignores.
function payload(overrides: Record<string, unknown> = {}, action: Record<string, unknown> = {}) {
  return {
    type: "block_actions",
    user: { id: "U0APPROVER", username: "ana", name: "ana", team_id: "T0LOCAL01" },
    api_app_id: "A0LOCALAPP",
    trigger_id: "123.456.abc",
    team: { id: "T0LOCAL01", domain: "uplift" },
    container: { type: "message", message_ts: "1700000000.000001", channel_id: "C0APPROVALS", is_ephemeral: false },
    channel: { id: "C0APPROVALS", name: "approvals" },
    message: { type: "message", ts: "1700000000.000001", text: "" },
    response_url: "https://hooks.slack.com/actions/T0LOCAL01/1/abc",
    actions: [{ action_id: "approval.approve", block_id: "approval_actions", value: "apr_123", type: "button", action_ts: "1700000001.000100" }],
    ...overrides,
    ...(Object.keys(action).length ? { actions: [{ action_id: "approval.approve", block_id: "approval_actions", value: "apr_123", type: "button", ...action }] } : {}),
  };
}
const form = (p: unknown) => new URLSearchParams({ payload: typeof p === "string" ? p : JSON.stringify(p) }).toString();

describe("parseApprovalInteraction", () => {
  it("reads who clicked what, on which message", () => {
    expect(parseApprovalInteraction(form(payload()))).toEqual({
      ok: true,
      data: {
        slackUserId: "U0APPROVER",
        teamId: "T0LOCAL01",
        actionId: "approval.approve",
        approvalId: "apr_123",
        responseUrl: "https://hooks.slack.com/actions/T0LOCAL01/1/abc",
        channel: "C0APPROVALS",
        messageTs: "1700000000.000001",
      },
    });
  });

  it("reads a reject click", () => {
    const result = parseApprovalInteraction(form(payload({}, { action_id: "approval.reject" })));
    expect(result.ok && result.data.actionId).toBe("approval.reject");
  });

  it("takes the user's home workspace over the workspace the click came from", () => {
    const result = parseApprovalInteraction(form(payload({ user: { id: "U1", team_id: "THOME" }, team: { id: "TSHARED" } })));
    expect(result.ok && result.data.teamId).toBe("THOME");
  });

  it("decodes '+' as a space, as form encoding does", () => {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload({}, { value: "apr 1" }))).replace(/%20/g, "+")}`;
    const result = parseApprovalInteraction(body);
    expect(result.ok && result.data.approvalId).toBe("apr 1");
  });

  it("refuses a body without a payload field", () => {
    expect(parseApprovalInteraction("")).toEqual({ ok: false, error: "missing_payload" });
    expect(parseApprovalInteraction("token=x")).toEqual({ ok: false, error: "missing_payload" });
  });

  it("refuses malformed JSON", () => {
    expect(parseApprovalInteraction(form("{not json"))).toEqual({ ok: false, error: "malformed_json" });
  });

  it("refuses unknown action ids and non-button actions", () => {
    expect(parseApprovalInteraction(form(payload({}, { action_id: "approval.delete" })))).toEqual({ ok: false, error: "unknown_action" });
    expect(parseApprovalInteraction(form(payload({}, { type: "static_select" })))).toEqual({ ok: false, error: "unknown_action" });
  });

  it("refuses other payload types and incomplete payloads", () => {
    expect(parseApprovalInteraction(form(payload({ type: "view_submission" })))).toEqual({ ok: false, error: "unsupported_payload" });
    expect(parseApprovalInteraction(form(payload({ response_url: "not a url" })))).toEqual({ ok: false, error: "unsupported_payload" });
    expect(parseApprovalInteraction(form(payload({ container: { type: "view", view_id: "V1" } })))).toEqual({ ok: false, error: "unsupported_payload" });
    expect(parseApprovalInteraction(form(payload({}, { value: "" })))).toEqual({ ok: false, error: "unsupported_payload" });
    expect(parseApprovalInteraction(form(payload({ actions: [] })))).toEqual({ ok: false, error: "unsupported_payload" });
    expect(parseApprovalInteraction(form([1, 2]))).toEqual({ ok: false, error: "unsupported_payload" });
  });
});
