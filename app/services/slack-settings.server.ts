import { z } from "zod";
import prisma from "../db.server";
import { env } from "../env.server";
import { recordAudit } from "../models/audit.server";
import { listSlackApprovers } from "../models/approval.server";
import { readSetting, writeSetting } from "../models/settings.server";
import { slackSettingSchema } from "./slack-approvals.server";
import type { Approver } from "./approvals.server";

/** One approver per line: Slack user id, Slack team id, Shopify staff id, name. */
const approverLine = z.tuple([
  z.string().regex(/^[UW][A-Z0-9]{2,}$/, "a Slack user id such as U0123ABCD"),
  z.string().regex(/^T[A-Z0-9]{2,}$/, "a Slack team id such as T0123ABCD"),
  z.string().regex(/^\d+$/, "a Shopify staff id (digits)"),
  z.string().min(1, "a name").max(100),
]);

export async function slackSettingsView(shop: string) {
  const [row, approvers] = await Promise.all([readSetting(shop, "slack"), listSlackApprovers(shop)]);
  const setting = slackSettingSchema.safeParse(row?.value);
  return {
    // The bot token and signing secret are the app's (env); the channel and approvers are the shop's.
    appConfigured: Boolean(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET),
    channel: setting.success ? setting.data.channel : "",
    approvers: approvers.map((a) => [a.slackUserId, a.teamId, a.shopifyStaffId, a.name].join(", ")).join("\n"),
  };
}

export type SaveSlackResult = { ok: true } | { ok: false; status: 422; error: string; fieldErrors: Record<string, string> };

/** Saves the channel and replaces the approver list, audited as one settings change. */
export async function saveSlackSettings(shop: string, input: { channel: string; approvers: string }, actor: Approver): Promise<SaveSlackResult> {
  const channel = slackSettingSchema.safeParse({ channel: input.channel.trim() });
  if (!channel.success) return { ok: false, status: 422, error: "Some values are not valid", fieldErrors: { channel: channel.error.issues[0]!.message } };
  const rows: { shop: string; slackUserId: string; teamId: string; shopifyStaffId: string; name: string }[] = [];
  for (const [i, line] of input.approvers.split("\n").map((l) => l.trim()).filter(Boolean).entries()) {
    const parsed = approverLine.safeParse(line.split(",").map((p) => p.trim()));
    if (!parsed.success) return { ok: false, status: 422, error: "Some values are not valid", fieldErrors: { approvers: `line ${i + 1}: ${parsed.error.issues[0]!.message}` } };
    const [slackUserId, teamId, shopifyStaffId, name] = parsed.data;
    rows.push({ shop, slackUserId, teamId, shopifyStaffId, name });
  }
  await prisma.$transaction(async (tx) => {
    const before = { channel: (await readSetting(shop, "slack", tx))?.value ?? null, approvers: await tx.slackApprover.findMany({ where: { shop } }) };
    await writeSetting(tx, shop, "slack", channel.data, actor.name);
    await tx.slackApprover.deleteMany({ where: { shop } });
    if (rows.length) await tx.slackApprover.createMany({ data: rows });
    await recordAudit(tx, {
      shop,
      event: "settings.changed",
      actor: "user",
      actorId: actor.staffId,
      entity: "slack",
      before: JSON.parse(JSON.stringify(before)),
      after: { channel: channel.data, approvers: rows.map(({ shop: _s, ...r }) => r) },
      reasons: [`Slack approvals saved by ${actor.name} (staff ${actor.staffId}): ${rows.length} approver(s)`],
    });
  });
  return { ok: true };
}
