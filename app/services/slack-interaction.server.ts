import { decideApproval } from "./approvals.server";
import { readSlackInteraction } from "./slack-approvals.server";

/** Slack's interactivity endpoint: a verified button click from a mapped approver decides the approval. */
export async function handleSlackInteraction(rawBody: string, headers: Headers): Promise<{ status: number; text: string }> {
  const read = await readSlackInteraction(rawBody, headers);
  if (!read.approval) return { status: read.status, text: read.text };
  const { shop, id, verdict, staffId, name } = read.approval;
  const result = await decideApproval(shop, id, { verdict }, { staffId, name, via: "slack" });
  if (!result.ok) return { status: 200, text: result.error };
  return { status: 200, text: `${result.status === "approved" ? "Approved" : "Rejected"} by ${name}.` };
}
