import { z } from "zod";
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from "./approval-message";

// Slack posts interactivity as application/x-www-form-urlencoded with a single `payload` field that
// holds the JSON. Only block_actions from our approval buttons are accepted; anything else is refused
// rather than ignored, so a misrouted or newer payload type never reads as a decision.

export const APPROVAL_ACTION_IDS = [APPROVE_ACTION_ID, REJECT_ACTION_ID] as const;
export type ApprovalActionId = (typeof APPROVAL_ACTION_IDS)[number];

export type ApprovalInteraction = {
  slackUserId: string;
  teamId: string;
  actionId: ApprovalActionId;
  approvalId: string;
  responseUrl: string;
  channel: string;
  messageTs: string;
};

export type InteractionError = "missing_payload" | "malformed_json" | "unsupported_payload" | "unknown_action";
export type InteractionResult = { ok: true; data: ApprovalInteraction } | { ok: false; error: InteractionError };

// Only the fields we use; Slack sends many more (trigger_id, api_app_id, state, ...), which zod strips.
const blockActionsSchema = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: z.string().min(1), team_id: z.string().min(1).optional() }),
  team: z.object({ id: z.string().min(1) }).nullish(),
  // Button values are at most 2000 characters in Block Kit.
  actions: z.array(z.object({ action_id: z.string(), type: z.string(), value: z.string().max(2000).optional() })).length(1),
  response_url: z.string().url(),
  // container says which message the button sat in; it is what chat.update needs to edit it.
  container: z.object({ type: z.literal("message"), message_ts: z.string().min(1), channel_id: z.string().min(1) }),
});

const isApprovalAction = (id: string): id is ApprovalActionId => (APPROVAL_ACTION_IDS as readonly string[]).includes(id);

/** Parses the raw (already signature-verified) form body of an interactivity request. */
export function parseApprovalInteraction(formBody: string): InteractionResult {
  const payload = new URLSearchParams(formBody).get("payload");
  if (!payload) return { ok: false, error: "missing_payload" };

  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, error: "malformed_json" };
  }

  const parsed = blockActionsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: "unsupported_payload" };
  const p = parsed.data;
  const action = p.actions[0]!;
  if (action.type !== "button" || !isApprovalAction(action.action_id)) return { ok: false, error: "unknown_action" };
  if (!action.value) return { ok: false, error: "unsupported_payload" };

  // user.team_id is the user's home workspace; team.id is where the click happened. They differ only
  // in shared channels, where the home workspace is what identifies the person.
  const teamId = p.user.team_id ?? p.team?.id;
  if (!teamId) return { ok: false, error: "unsupported_payload" };

  return {
    ok: true,
    data: {
      slackUserId: p.user.id,
      teamId,
      actionId: action.action_id,
      approvalId: action.value,
      responseUrl: p.response_url,
      channel: p.container.channel_id,
      messageTs: p.container.message_ts,
    },
  };
}
