import { z } from "zod";

// Who may decide from Slack is data the merchant sets up: a Slack user maps to a Shopify staff member,
// whose name and id go into the audit log. A Slack user who is not mapped is refused (fail closed),
// however they came to see the message.

export const approverSchema = z.object({
  slackUserId: z.string().min(1),
  /** Slack user ids are only guaranteed unique within a workspace; set this to pin the workspace. */
  teamId: z.string().min(1).optional(),
  shopifyStaffId: z.string().min(1),
  name: z.string().min(1),
});
export const approverMappingSchema = z.array(approverSchema);

export type Approver = z.infer<typeof approverSchema>;

/** The mapped approver for this Slack user, or null. The first matching entry wins. */
export function resolveApprover(mapping: readonly Approver[], slackUserId: string, teamId: string): Approver | null {
  if (!slackUserId) return null;
  return mapping.find((a) => a.slackUserId === slackUserId && (a.teamId === undefined || a.teamId === teamId)) ?? null;
}
