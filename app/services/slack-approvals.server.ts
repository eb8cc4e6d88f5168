import type { Approval } from "@prisma/client";
import { z } from "zod";
import type { Action } from "../engine/decide";
import { env } from "../env.server";
import { QUEUES, queue } from "../queue.server";
import { findApproval, findApprovalById, listSlackApprovers, setSlackMessage } from "../models/approval.server";
import { readSetting } from "../models/settings.server";
import { findDecision } from "../models/decision.server";
import { postApprovalRequest, updateApprovalMessage, type SlackConfig } from "../integrations/slack/client.server";
import { verifySlackRequest } from "../integrations/slack/verify.server";
import { parseApprovalInteraction } from "../integrations/slack/interactivity";
import { resolveApprover } from "../integrations/slack/approvers";
import type { ApprovalRequest } from "../integrations/slack/approval-message";

export const slackSettingSchema = z.object({ channel: z.string().regex(/^[CGD][A-Z0-9]{2,}$/, "a Slack channel id such as C0123ABCD") });
export type SlackSetting = z.infer<typeof slackSettingSchema>;

export type SlackJob = { shop: string; approvalId: string; kind: "post" | "update" };

async function slackConfig(shop: string): Promise<SlackConfig | null> {
  if (!env.SLACK_BOT_TOKEN) return null;
  const row = await readSetting(shop, "slack");
  const setting = slackSettingSchema.safeParse(row?.value);
  if (!setting.success) return null;
  return { token: env.SLACK_BOT_TOKEN, channel: setting.data.channel, ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}) };
}

/** Queues a Slack post or update when the shop has Slack set up; otherwise does nothing. */
export async function enqueueSlackApproval(shop: string, approvalId: string, kind: SlackJob["kind"]) {
  if (!(await slackConfig(shop))) return;
  const boss = await queue();
  await boss.send(QUEUES.slack, { shop, approvalId, kind } satisfies SlackJob);
}

async function approvalRequest(approval: Approval): Promise<ApprovalRequest> {
  const decision = approval.decisionId ? await findDecision(approval.shop, approval.decisionId) : null;
  const currency = (decision?.context as { cart?: { currency?: string } } | undefined)?.cart?.currency ?? "USD";
  return {
    id: approval.id,
    workflow: approval.workflow,
    action: (approval.finalAction ?? approval.proposedAction) as Action,
    cartValueMinor: approval.cartValueMinor,
    currency,
    reasons: approval.reasons as string[],
  };
}

/** The queued work: post the request (once), or rewrite it after a decision. Throws to retry. */
export async function processSlackJob(job: SlackJob): Promise<void> {
  const config = await slackConfig(job.shop);
  const approval = await findApproval(job.shop, job.approvalId);
  if (!config || !approval) return;
  const request = await approvalRequest(approval);
  if (job.kind === "post") {
    if (approval.slackTs) return; // already posted (a retried job)
    const posted = await postApprovalRequest(config, request);
    if (!posted.ok) throw new Error(`Slack ${posted.error.code}: ${posted.error.message}`);
    await setSlackMessage(approval.id, posted.data.channel, posted.data.ts);
    return;
  }
  if (!approval.slackTs || !approval.slackChannel || approval.status === "pending") return;
  const status = approval.status === "approved" ? "approved" : "rejected";
  const by = approval.status === "expired" ? "nobody in time (expired)" : (approval.decidedByName ?? "someone");
  const updated = await updateApprovalMessage(config, { channel: approval.slackChannel, ts: approval.slackTs }, request, status, by);
  if (!updated.ok) throw new Error(`Slack ${updated.error.code}: ${updated.error.message}`);
}

export type InteractionOutcome = { status: number; text: string; approval?: { shop: string; id: string; verdict: "approve" | "reject"; staffId: string; name: string } };

/**
 * Checks a Slack interactivity request (signature and age, then payload, then approver) and says
 * which approval verdict it carries. The caller applies it through the approvals service.
 */
export async function readSlackInteraction(rawBody: string, headers: Headers, nowSeconds = Math.floor(Date.now() / 1000)): Promise<InteractionOutcome> {
  if (!env.SLACK_SIGNING_SECRET) return { status: 404, text: "Slack is not configured" };
  const verified = verifySlackRequest({
    signingSecret: env.SLACK_SIGNING_SECRET,
    timestampHeader: headers.get("x-slack-request-timestamp"),
    signatureHeader: headers.get("x-slack-signature"),
    rawBody,
    nowSeconds,
  });
  if (!verified.ok) return { status: 401, text: `Refused: ${verified.error}` };
  const parsed = parseApprovalInteraction(rawBody);
  if (!parsed.ok) return { status: 400, text: `Unreadable interaction: ${parsed.error}` };
  const { approvalId, slackUserId, teamId, actionId } = parsed.data;
  if (!z.string().uuid().safeParse(approvalId).success) return { status: 200, text: "That approval does not exist." };
  const approval = await findApprovalById(approvalId);
  if (!approval) return { status: 200, text: "That approval does not exist." };
  const approvers = await listSlackApprovers(approval.shop);
  const approver = resolveApprover(
    approvers.map((a) => ({ slackUserId: a.slackUserId, teamId: a.teamId, shopifyStaffId: a.shopifyStaffId, name: a.name })),
    slackUserId,
    teamId,
  );
  // Slack shows 200 answers to the clicker; a refusal is a message, not an HTTP error.
  if (!approver) return { status: 200, text: "You are not an approver for this shop in Uplift." };
  return {
    status: 200,
    text: "ok",
    approval: { shop: approval.shop, id: approval.id, verdict: actionId === "approval.approve" ? "approve" : "reject", staffId: approver.shopifyStaffId, name: approver.name },
  };
}
