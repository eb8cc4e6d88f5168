import type { KnownBlock } from "@slack/web-api";
import type { Action } from "../../engine/decide/action";
import { formatMinor } from "./money";

// The Block Kit message a person approves or rejects an offer from. Pure: the client posts it, the
// tests inspect it. Block Kit refuses the whole message (invalid_blocks) when a limit is exceeded, so
// text that comes from data (workflow names, reasons) is bounded here.

export type ApprovalRequest = {
  /** Our approval id; it travels back to us as the button `value`. */
  id: string;
  workflow: string;
  action: Action;
  cartValueMinor: number;
  /** ISO 4217, e.g. "USD". */
  currency: string;
  reasons: string[];
};

export type ApprovalStatus = "approved" | "rejected";

export const APPROVE_ACTION_ID = "approval.approve";
export const REJECT_ACTION_ID = "approval.reject";

const SECTION_TEXT_LIMIT = 3000;

/** Slack mrkdwn treats &, < and > as control characters; everything else is literal enough. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** "15% off", "$5.00 off", "Free shipping"... as a person reading the request would say it. */
export function describeAction(action: Action, currency: string): string {
  switch (action.type) {
    case "none":
      return "No offer";
    case "percentage_discount":
      return `${action.percent}% off`;
    case "fixed_discount":
      return `${formatMinor(action.amountMinor, currency)} off`;
    case "free_shipping":
      return "Free shipping";
    case "gift":
      return "Free gift";
    case "bundle":
      return `Bundle of ${action.variantIds.length}, ${action.percent}% off`;
    case "upsell":
      return `Upsell, ${action.percent}% off`;
    case "recovery_message":
      return `Recovery message, ${action.percent}% off`;
    case "risk_route":
      return `Risk route: ${action.route.replace(/_/g, " ")}`;
  }
}

/** Notification and screen-reader fallback; Slack shows it where blocks cannot be rendered. */
export function approvalText(approval: ApprovalRequest): string {
  const offer = describeAction(approval.action, approval.currency);
  return clip(`Approval needed: ${approval.workflow}: ${offer} on a ${formatMinor(approval.cartValueMinor, approval.currency)} cart`, 3000);
}

function reasonsText(reasons: string[]): string {
  const lines: string[] = [];
  let length = "*Why*".length;
  for (const [i, reason] of reasons.entries()) {
    const line = `• ${escapeMrkdwn(clip(reason, 500))}`;
    // Leave room for the "and N more" line so the section never exceeds Slack's limit.
    if (length + line.length + 1 > SECTION_TEXT_LIMIT - 40) {
      lines.push(`…and ${reasons.length - i} more`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return ["*Why*", ...lines].join("\n");
}

function summaryBlocks(approval: ApprovalRequest, heading: string): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: `*${heading}: ${escapeMrkdwn(clip(approval.workflow, 200))}*` },
      fields: [
        { type: "mrkdwn", text: `*Offer*\n${escapeMrkdwn(describeAction(approval.action, approval.currency))}` },
        { type: "mrkdwn", text: `*Cart value*\n${escapeMrkdwn(formatMinor(approval.cartValueMinor, approval.currency))}` },
      ],
    },
  ];
  if (approval.reasons.length > 0) blocks.push({ type: "section", text: { type: "mrkdwn", text: reasonsText(approval.reasons) } });
  return blocks;
}

/** The request as first posted: summary, reasons, and Approve / Reject buttons carrying the approval id. */
export function approvalBlocks(approval: ApprovalRequest): KnownBlock[] {
  return [
    ...summaryBlocks(approval, "Approval needed"),
    {
      type: "actions",
      block_id: "approval_actions",
      elements: [
        { type: "button", action_id: APPROVE_ACTION_ID, style: "primary", value: approval.id, text: { type: "plain_text", text: "Approve" } },
        { type: "button", action_id: REJECT_ACTION_ID, style: "danger", value: approval.id, text: { type: "plain_text", text: "Reject" } },
      ],
    },
  ];
}

/**
 * The same message after a decision, with the buttons replaced by who decided. This is courtesy, not
 * the guard: two people can click before the update lands, so the caller must still check the
 * approval is pending.
 */
export function resolvedBlocks(approval: ApprovalRequest, status: ApprovalStatus, byName: string): KnownBlock[] {
  const outcome = status === "approved" ? ":white_check_mark: Approved" : ":x: Rejected";
  return [
    ...summaryBlocks(approval, status === "approved" ? "Approved" : "Rejected"),
    { type: "context", elements: [{ type: "mrkdwn", text: `${outcome} by *${escapeMrkdwn(clip(byName, 200))}*` }] },
  ];
}

export function resolvedText(approval: ApprovalRequest, status: ApprovalStatus, byName: string): string {
  return clip(`${status === "approved" ? "Approved" : "Rejected"} by ${byName}: ${approval.workflow}: ${describeAction(approval.action, approval.currency)}`, 3000);
}
