import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "../../app/db.server";
import { upsertSlackApprover } from "../../app/models/approval.server";
import { QUEUES, queue, stopQueue } from "../../app/queue.server";
import { decideFor } from "../../app/services/decide.server";
import { processSlackJob, type SlackJob } from "../../app/services/slack-approvals.server";
import * as slackRoute from "../../app/routes/slack.interactivity";
import { BIG_CART, checkoutRequest, liveShop, putSetting, unitIn } from "../support/decisions";
import { serveAction } from "../support/serve-route";

// The app reads SLACK_* once, when app/env.server.ts is first imported: the local Slack is started
// and the variables set before any app module loads (vi.hoisted runs ahead of the imports).
const { slack, SIGNING_SECRET } = await vi.hoisted(async () => {
  const { startLocalSlack } = await import("../../tools/local-slack/server");
  const token = "xoxb-uplift-test";
  const local = await startLocalSlack({ token });
  process.env.SLACK_BOT_TOKEN = token;
  process.env.SLACK_SIGNING_SECRET = "test-signing-secret";
  process.env.SLACK_API_URL = local.apiUrl;
  return { slack: local, SIGNING_SECRET: "test-signing-secret" };
});

const W = "checkout_incentive";
const CHANNEL = "C0APPROVALS";
const MAPPED = { slackUserId: "U0APPROVER", teamId: "T0LOCAL01", shopifyStaffId: "5001", name: "Sam Slack" };

/** Runs the queued Slack jobs through the real job code, as the worker does; returns what ran. */
async function drainSlack(): Promise<SlackJob[]> {
  const boss = await queue();
  const ran: SlackJob[] = [];
  for (;;) {
    const jobs = await boss.fetch<SlackJob>(QUEUES.slack, { batchSize: 10 });
    if (!jobs.length) return ran;
    for (const job of jobs) {
      await processSlackJob(job.data);
      await boss.complete(QUEUES.slack, job.id);
      ran.push(job.data);
    }
  }
}

type Block = { type: string; elements?: Array<{ type: string; action_id?: string; value?: string; text?: { text: string } }> };
const buttons = (blocks: unknown[]) => (blocks as Block[]).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
const approval = (id: string) => prisma.approval.findUniqueOrThrow({ where: { id } });
const audit = (id: string) => prisma.auditLog.findMany({ where: { entity: id }, orderBy: { createdAt: "asc" } });

describe("approvals in Slack", () => {
  let shop: string;
  let route: Awaited<ReturnType<typeof serveAction>>;
  const interactivityUrl = () => `${route.url}/slack/interactivity`;

  /** A review decision, posted to Slack by its queued job: the approval id and the message's ts. */
  async function postedApproval() {
    const result = await decideFor(shop, checkoutRequest(unitIn("treatment", W), BIG_CART));
    expect(result.decision?.outcome).toBe("review");
    const ran = await drainSlack();
    expect(ran).toEqual([{ shop, approvalId: result.approvalId, kind: "post" }]);
    const row = await approval(result.approvalId!);
    expect(row.slackChannel).toBe(CHANNEL);
    return { id: row.id, ts: row.slackTs! };
  }

  const click = (id: string, ts: string, over: { actionId?: string; userId?: string; teamId?: string } = {}) =>
    slack.buttonClick({ actionId: over.actionId ?? "approval.approve", value: id, channel: CHANNEL, messageTs: ts, ...(over.userId ? { userId: over.userId } : {}), ...(over.teamId ? { teamId: over.teamId } : {}) });

  beforeAll(async () => {
    shop = await liveShop("slack");
    await putSetting(shop, "slack", { channel: CHANNEL });
    await prisma.$transaction((tx) => upsertSlackApprover(tx, { shop, ...MAPPED }));
    route = await serveAction(slackRoute.action);
    await drainSlack();
  });
  afterAll(async () => {
    await route.close();
    await slack.close();
    await stopQueue();
  });

  it("a review decision is queued, then posted to the shop's channel with Approve and Reject buttons", async () => {
    const before = slack.messages.length;
    const { id, ts } = await postedApproval();
    expect(slack.messages.length).toBe(before + 1);
    const message = slack.messages.find((m) => m.ts === ts)!;
    expect(message).toMatchObject({ channel: CHANNEL, updates: 0 });
    expect(message.text).toContain("Approval needed: checkout_incentive: 10% off");
    expect(buttons(message.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ["approval.approve", id],
      ["approval.reject", id],
    ]);
    expect(slack.requests.at(-1)).toMatchObject({ method: "chat.postMessage", params: { channel: CHANNEL } });
    // A retried post job does not post twice.
    await processSlackJob({ shop, approvalId: id, kind: "post" });
    expect(slack.messages.length).toBe(before + 1);
  });

  it("a mapped Slack user's signed click approves it as their Shopify staff member; the message is then updated", async () => {
    const { id, ts } = await postedApproval();
    const payload = click(id, ts);
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload, timestamp });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ response_type: "ephemeral", text: "Approved by Sam Slack." });
    expect(await approval(id)).toMatchObject({ status: "approved", decidedBy: "5001", decidedByName: "Sam Slack", decidedVia: "slack" });
    const entries = await audit(id);
    expect(entries.map((e) => [e.event, e.actor, e.actorId])).toEqual([
      ["approval.requested", "system", null],
      ["approval.approved", "user", "5001"],
    ]);
    expect(entries[1]!.reasonsText).toContain("approved by Sam Slack (staff 5001) via slack");

    expect(await drainSlack()).toEqual([{ shop, approvalId: id, kind: "update" }]);
    const message = slack.messages.find((m) => m.ts === ts)!;
    expect(message.updates).toBe(1);
    expect(buttons(message.blocks)).toEqual([]);
    expect(message.text).toMatch(/^Approved by Sam Slack/);
    expect(JSON.stringify(message.blocks)).toContain("Approved by *Sam Slack*");

    // The same signed click again (a retry, or a replay within the 5 minutes): no second decision.
    const again = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload, timestamp });
    expect(again.status).toBe(200);
    expect((await again.json()) as { text: string }).toMatchObject({ text: expect.stringMatching(/already/) });
    expect((await audit(id)).filter((e) => e.event.startsWith("approval.") && e.event !== "approval.requested")).toHaveLength(1);
    expect(await drainSlack()).toEqual([]);
  });

  it("a Reject click rejects it, and the message says so", async () => {
    const { id, ts } = await postedApproval();
    const res = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload: click(id, ts, { actionId: "approval.reject" }) });
    expect(await res.json()).toMatchObject({ text: "Rejected by Sam Slack." });
    expect(await approval(id)).toMatchObject({ status: "rejected", decidedBy: "5001", decidedVia: "slack" });
    await drainSlack();
    expect(slack.messages.find((m) => m.ts === ts)!.text).toMatch(/^Rejected by Sam Slack/);
  });

  it.each([
    ["a Slack user who is not mapped", { userId: "U0STRANGER" }],
    ["a mapped user id from another workspace", { teamId: "T0OTHER99" }],
  ])("%s is refused; the approval stays pending", async (_name, who) => {
    const { id, ts } = await postedApproval();
    const res = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload: click(id, ts, who) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ text: "You are not an approver for this shop in Uplift." });
    expect(await approval(id)).toMatchObject({ status: "pending", decidedBy: null });
    expect((await audit(id)).map((e) => e.event)).toEqual(["approval.requested"]);
  });

  it("a bad signature or a timestamp older than 5 minutes is refused with 401; the approval stays pending", async () => {
    const { id, ts } = await postedApproval();
    const forged = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: "not-the-secret", payload: click(id, ts) });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toBe("Refused: bad_signature");
    const stale = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload: click(id, ts), timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toBe("Refused: stale_timestamp");
    const unsigned = await fetch(interactivityUrl(), { method: "POST", body: new URLSearchParams({ payload: JSON.stringify(click(id, ts)) }), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(unsigned.status).toBe(401);
    expect(await approval(id)).toMatchObject({ status: "pending" });
    expect((await audit(id)).map((e) => e.event)).toEqual(["approval.requested"]);
    // Within the window, properly signed, it goes through.
    const fresh = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload: click(id, ts), timestamp: Math.floor(Date.now() / 1000) - 240 });
    expect(await fresh.json()).toMatchObject({ text: "Approved by Sam Slack." });
    expect(await drainSlack()).toEqual([{ shop, approvalId: id, kind: "update" }]);
  });

  it("an approval that expires has its message rewritten, and a later click is not applied", async () => {
    const { id, ts } = await postedApproval();
    const { expireDueApprovals } = await import("../../app/services/approvals.server");
    const later = new Date((await approval(id)).expiresAt.getTime() + 1);
    expect(await expireDueApprovals(later, shop)).toBeGreaterThanOrEqual(1);
    expect(await drainSlack()).toContainEqual({ shop, approvalId: id, kind: "update" });
    expect(slack.messages.find((m) => m.ts === ts)!.text).toMatch(/^Rejected by nobody in time \(expired\)/);
    const res = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload: click(id, ts) });
    expect(await res.json()).toMatchObject({ text: "This approval is already expired" });
    expect(await approval(id)).toMatchObject({ status: "expired", decidedBy: null });
  });

  it("an approval decided in the admin updates its Slack message too", async () => {
    const { id, ts } = await postedApproval();
    const { decideApproval } = await import("../../app/services/approvals.server");
    expect(await decideApproval(shop, id, { verdict: "approve" }, { staffId: "42", name: "Local Staff", via: "admin" })).toMatchObject({ ok: true });
    await drainSlack();
    const message = slack.messages.find((m) => m.ts === ts)!;
    expect(message).toMatchObject({ updates: 1 });
    expect(message.text).toMatch(/^Approved by Local Staff/);
    // A click arriving after that is answered, not applied.
    const late = await slack.signedInteraction({ url: interactivityUrl(), signingSecret: SIGNING_SECRET, payload: click(id, ts, { actionId: "approval.reject" }) });
    expect(await late.json()).toMatchObject({ text: "This approval is already approved" });
    expect(await approval(id)).toMatchObject({ status: "approved", decidedVia: "admin" });
  });
});
