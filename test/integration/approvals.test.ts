import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { stopQueue } from "../../app/queue.server";
import { decideFor } from "../../app/services/decide.server";
import { approvalsList, decideApproval, expireDueApprovals, type Approver } from "../../app/services/approvals.server";
import * as approvalsPage from "../../app/routes/app.approvals._index";
import { adminRequest, installShop } from "../support/admin-request";
import { BIG_CART, checkoutRequest, liveShop, unitIn } from "../support/decisions";
import { callAction } from "../support/routes";
import { formPost, staffRequest } from "../support/staff-request";

const W = "checkout_incentive";
const alice: Approver = { staffId: "1001", name: "Alice Admin", via: "admin" };
const bob: Approver = { staffId: "1002", name: "Bob Boss", via: "admin" };

/** A real review: a 60000 cart under the 10 %-off policy (6000 off), above both default thresholds. */
async function pendingApproval(shop: string) {
  const result = await decideFor(shop, checkoutRequest(unitIn("treatment", W), BIG_CART));
  expect(result.decision?.outcome).toBe("review");
  return result.approvalId!;
}

const audit = (shop: string, entity: string) => prisma.auditLog.findMany({ where: { shop, entity }, orderBy: { createdAt: "asc" } });
const approval = (id: string) => prisma.approval.findUniqueOrThrow({ where: { id } });

describe("approvals", () => {
  let shop: string;
  let other: string;
  beforeAll(async () => {
    shop = await liveShop("appr");
    other = await liveShop("appr-other");
    await installShop(shop);
    await installShop(other);
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("approve: approved, by whom, with an audit entry naming the staff member", async () => {
    const id = await pendingApproval(shop);
    const result = await decideApproval(shop, id, { verdict: "approve" }, alice);
    expect(result).toEqual({ ok: true, status: "approved", action: { type: "percentage_discount", percent: 10 } });
    expect(await approval(id)).toMatchObject({ status: "approved", decidedBy: "1001", decidedByName: "Alice Admin", decidedVia: "admin", discountMinor: 6_000, finalAction: { type: "percentage_discount", percent: 10 } });
    const entries = await audit(shop, id);
    expect(entries.map((e) => e.event)).toEqual(["approval.requested", "approval.approved"]);
    expect(entries[1]).toMatchObject({ actor: "user", actorId: "1001", workflow: W, before: { status: "pending" }, after: { status: "approved", by: "Alice Admin", via: "admin" } });
    expect(entries[1]!.reasonsText).toContain("approved by Alice Admin (staff 1001) via admin");
    // Decided once: a second verdict is refused.
    expect(await decideApproval(shop, id, { verdict: "reject" }, bob)).toMatchObject({ ok: false, status: 409 });
  });

  it("reject: rejected with the note, no final action, and the held budget is released", async () => {
    const s = await liveShop("appr-reject");
    const id = await pendingApproval(s);
    const held = await prisma.$queryRaw<{ n: bigint }[]>`SELECT coalesce(sum("discountMinor"), 0)::bigint AS n FROM "Approval" WHERE shop = ${s} AND status IN ('pending', 'approved')`;
    expect(Number(held[0]!.n)).toBe(6_000);
    expect(await decideApproval(s, id, { verdict: "reject", note: "too generous" }, bob)).toEqual({ ok: true, status: "rejected", action: null });
    expect(await approval(id)).toMatchObject({ status: "rejected", decidedBy: "1002", note: "too generous", discountMinor: 0, finalAction: null });
    const [, rejected] = await audit(s, id);
    expect(rejected).toMatchObject({ event: "approval.rejected", actor: "user", actorId: "1002" });
    expect(rejected!.reasonsText).toContain("too generous");
    const next = await decideFor(s, checkoutRequest(unitIn("treatment", W)));
    expect((await prisma.decision.findUniqueOrThrow({ where: { id: next.decisionId! } })).context).toMatchObject({ history: { shopDiscountSpentTodayMinor: 0 } });
  });

  it("edit within the guardrails is approved with the new action; above the maximum it is refused (422) and stays pending", async () => {
    const id = await pendingApproval(shop);
    const tooMuch = await decideApproval(shop, id, { verdict: "edit", action: { type: "percentage_discount", percent: 25 } }, alice);
    expect(tooMuch).toMatchObject({ ok: false, status: 422, reasons: expect.arrayContaining(["guardrail: 25% reduced to 15% (max discount 15%)"]) });
    expect(await decideApproval(shop, id, { verdict: "edit", action: { type: "percentage_discount", percent: "lots" } }, alice)).toMatchObject({ ok: false, status: 400 });
    expect(await approval(id)).toMatchObject({ status: "pending", decidedBy: null, finalAction: null });
    expect((await audit(shop, id)).map((e) => e.event)).toEqual(["approval.requested"]);

    const edited = await decideApproval(shop, id, { verdict: "edit", action: { type: "percentage_discount", percent: 5 }, note: "half" }, alice);
    expect(edited).toEqual({ ok: true, status: "approved", action: { type: "percentage_discount", percent: 5 } });
    expect(await approval(id)).toMatchObject({ status: "approved", proposedAction: { percent: 10 }, finalAction: { type: "percentage_discount", percent: 5 }, discountMinor: 3_000, note: "half" });
    const [, entry] = await audit(shop, id);
    expect(entry).toMatchObject({ event: "approval.edited", actor: "user", actorId: "1001", before: { action: { percent: 10 } }, after: { status: "approved", action: { percent: 5 } } });
  });

  it("two approvers clicking at once: exactly one wins, the other gets 409, one audit entry", async () => {
    const id = await pendingApproval(shop);
    const results = await Promise.all([alice, bob, alice, bob].map((who) => decideApproval(shop, id, { verdict: "approve" }, who)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? 0 : r.status))).toEqual([409, 409, 409]);
    const entries = await audit(shop, id);
    expect(entries.filter((e) => e.event === "approval.approved")).toHaveLength(1);
    const winner = await approval(id);
    expect(entries.at(-1)!.actorId).toBe(winner.decidedBy);
  });

  it("the admin page approves with the session token's staff member (online token: associated_user)", async () => {
    const id = await pendingApproval(shop);
    const res = await callAction(approvalsPage.action, await staffRequest(shop, "7001", "/app/approvals?index", formPost({ intent: "approve", id })));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, status: "approved" });
    expect(await approval(id)).toMatchObject({ status: "approved", decidedBy: "7001", decidedByName: "Local Staff", decidedVia: "admin" });
    expect((await audit(shop, id)).at(-1)).toMatchObject({ event: "approval.approved", actor: "user", actorId: "7001" });
    // Again from the page: already decided.
    const again = await callAction(approvalsPage.action, await adminRequest(shop, "/app/approvals?index", formPost({ intent: "reject", id })));
    expect(again.status).toBe(409);
  });

  it("the admin page refuses a bad form, and another shop's approval is not found (404), untouched", async () => {
    const id = await pendingApproval(shop);
    const bad = await callAction(approvalsPage.action, await adminRequest(shop, "/app/approvals?index", formPost({ intent: "approve", id: "not-a-uuid" })));
    expect(bad.status).toBe(400);
    const res = await callAction(approvalsPage.action, await adminRequest(other, "/app/approvals?index", formPost({ intent: "approve", id })));
    expect(res.status).toBe(404);
    expect(await approval(id)).toMatchObject({ status: "pending", decidedBy: null });
    expect((await audit(shop, id)).map((e) => e.event)).toEqual(["approval.requested"]);
    expect(await prisma.auditLog.count({ where: { entity: id, shop: other } })).toBe(0);
    // And the other shop's list does not show it.
    const page = await approvalsPage.loader({ request: await adminRequest(other, "/app/approvals"), params: {}, context: {} });
    expect(JSON.stringify(await page.json())).not.toContain(id);
    const mine = await approvalsPage.loader({ request: await adminRequest(shop, "/app/approvals"), params: {}, context: {} });
    expect(JSON.stringify(await mine.json())).toContain(id);
  });

  it("expiry: past expiresAt a pending approval is expired by the system, audited, and can no longer be approved", async () => {
    const s = await liveShop("appr-expire");
    const first = await pendingApproval(s);
    const second = await pendingApproval(s);
    const { expiresAt } = await approval(first);
    // Not yet due: nothing happens.
    expect(await expireDueApprovals(new Date(expiresAt.getTime() - 1_000), s)).toBe(0);
    const later = new Date((await approval(second)).expiresAt.getTime() + 1);
    expect(await expireDueApprovals(later)).toBeGreaterThanOrEqual(2);
    for (const id of [first, second]) {
      expect(await approval(id)).toMatchObject({ status: "expired", decidedVia: "system", decidedBy: null, discountMinor: 0, decidedAt: later });
      const entries = await audit(s, id);
      expect(entries.map((e) => [e.event, e.actor, e.actorId])).toEqual([
        ["approval.requested", "system", null],
        ["approval.expired", "system", null],
      ]);
    }
    expect(await decideApproval(s, first, { verdict: "approve" }, alice, later)).toEqual({ ok: false, status: 409, error: "This approval is already expired" });
    expect(await expireDueApprovals(later, s)).toBe(0); // exactly once
    expect((await audit(s, first)).filter((e) => e.event === "approval.expired")).toHaveLength(1);
  });

  it("an approval decided after its expiry time is expired first, not approved", async () => {
    const s = await liveShop("appr-late");
    const id = await pendingApproval(s);
    const late = new Date((await approval(id)).expiresAt.getTime() + 60_000);
    expect(await decideApproval(s, id, { verdict: "approve" }, alice, late)).toMatchObject({ ok: false, status: 409 });
    expect(await approval(id)).toMatchObject({ status: "expired" });
    expect((await audit(s, id)).map((e) => e.event)).toEqual(["approval.requested", "approval.expired"]);
    expect(await approvalsList(s, "pending", late)).toEqual([]);
    expect(await approvalsList(s, "expired", late)).toEqual([expect.objectContaining({ id, status: "expired" })]);
  });
});
