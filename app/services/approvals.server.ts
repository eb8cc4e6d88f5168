import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { actionSchema, applyGuardrails, decisionContextSchema, type Action } from "../engine/decide";
import { dueApprovals, findApproval, listApprovals, resolveApproval, type ApprovalStatus } from "../models/approval.server";
import { recordAudit } from "../models/audit.server";
import { OverBudgetError } from "../models/daily-spend.server";
import { findDecision } from "../models/decision.server";
import { applyTierReview, crmReviewSubject, enqueueCrmSync } from "./crm-sync.server";
import { enqueueSlackApproval } from "./slack-approvals.server";

/** Who decided: a Shopify staff member (from the admin's online session, or mapped from Slack). */
export type Approver = { staffId: string; name: string; via: "admin" | "slack" };

export type Verdict = { verdict: "approve" } | { verdict: "reject"; note?: string } | { verdict: "edit"; action: unknown; note?: string };

export type VerdictResult =
  | { ok: true; status: Exclude<ApprovalStatus, "pending">; action: Action | null }
  | { ok: false; status: number; error: string; reasons?: string[] };

/** Approvals list for the admin; anything past its expiry is expired first, so the page never offers it. */
export async function approvalsList(shop: string, status: ApprovalStatus | "all", now = new Date()) {
  await expireDueApprovals(now, shop);
  const rows = await listApprovals(shop, status);
  return rows.map((r) => ({
    id: r.id,
    workflow: r.workflow,
    status: r.status,
    action: r.proposedAction as Action,
    finalAction: (r.finalAction as Action | null) ?? null,
    cartValueMinor: r.cartValueMinor,
    discountMinor: r.discountMinor,
    reasons: r.reasons as string[],
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    decidedByName: r.decidedByName,
    decidedVia: r.decidedVia,
  }));
}

export async function approvalDetail(shop: string, id: string, now = new Date()) {
  await expireDueApprovals(now, shop);
  const approval = await findApproval(shop, id);
  if (!approval) return null;
  const decision = approval.decisionId ? await findDecision(shop, approval.decisionId) : null;
  const context = decision ? decisionContextSchema.safeParse(decision.context) : null;
  return {
    approval: { ...approval, createdAt: approval.createdAt.toISOString(), expiresAt: approval.expiresAt.toISOString(), decidedAt: approval.decidedAt?.toISOString() ?? null },
    currency: context?.success ? context.data.cart.currency : "USD",
    maxDiscountPercent: context?.success ? context.data.guardrails.maxDiscountPercent : null,
    lines: context?.success ? context.data.cart.lines : [],
  };
}

/**
 * Approve, reject, or approve with an edited action. An edit passes the same guardrails the engine
 * applied, against the context the decision was made in: a person may lower an offer or change it,
 * never push it past a limit.
 */
export async function decideApproval(shop: string, id: string, verdict: Verdict, approver: Approver, now = new Date()): Promise<VerdictResult> {
  await expireDueApprovals(now, shop);
  const approval = await findApproval(shop, id);
  if (!approval) return { ok: false, status: 404, error: "No such approval" };
  if (approval.status !== "pending") return { ok: false, status: 409, error: `This approval is already ${approval.status}` };

  // A held CRM tier change is a yes or no: there is no offer to edit.
  const crmSubject = approval.kind === "crm_tier_change" ? crmReviewSubject(approval.subject) : null;
  if (approval.kind === "crm_tier_change" && (!crmSubject || verdict.verdict === "edit")) {
    return { ok: false, status: 400, error: crmSubject ? "A tier change can be approved or rejected, not edited" : "This review's subject is not readable" };
  }
  let finalAction: Action | null = verdict.verdict === "reject" ? null : (approval.proposedAction as Action);
  let discountMinor = approval.discountMinor;
  // An edit that asks for more money takes it from its day's budget, as the decision would have.
  let dailyBudgetMinor: number | null = null;
  if (verdict.verdict === "edit") {
    const edited = actionSchema.safeParse(verdict.action);
    if (!edited.success) return { ok: false, status: 400, error: "The edited offer is not a valid action" };
    const decision = approval.decisionId ? await findDecision(shop, approval.decisionId) : null;
    const context = decisionContextSchema.safeParse(decision?.context);
    if (!context.success) return { ok: false, status: 409, error: "The decision's context is no longer available (redacted?)" };
    const checked = applyGuardrails(edited.data, context.data);
    if (checked.replaced || JSON.stringify(checked.action) !== JSON.stringify(edited.data)) {
      return { ok: false, status: 422, error: "The edited offer is outside the guardrails", reasons: checked.reasons };
    }
    finalAction = edited.data;
    discountMinor = checked.discountMinor;
    dailyBudgetMinor = context.data.guardrails.dailyBudgetMinor;
  }

  const status = verdict.verdict === "reject" ? "rejected" : "approved";
  const event = verdict.verdict === "edit" ? "approval.edited" : verdict.verdict === "approve" ? "approval.approved" : "approval.rejected";
  const note = verdict.verdict === "approve" ? null : (verdict.note ?? null);
  const done = await prisma.$transaction(async (tx) => {
    const won = await resolveApproval(
      tx,
      shop,
      id,
      {
        status,
        ...(finalAction ? { finalAction: finalAction as unknown as Prisma.InputJsonValue } : {}),
        discountMinor: status === "rejected" ? 0 : discountMinor,
        note,
        decidedBy: approver.staffId,
        decidedByName: approver.name,
        decidedVia: approver.via,
        decidedAt: now,
      },
      dailyBudgetMinor,
    );
    if (!won) return false;
    if (crmSubject) await applyTierReview(tx, shop, crmSubject, status);
    await recordAudit(tx, {
      shop,
      event,
      actor: "user",
      actorId: approver.staffId,
      entity: id,
      before: { status: "pending", action: approval.proposedAction as Prisma.InputJsonValue },
      after: { status, action: (finalAction ?? null) as Prisma.InputJsonValue, via: approver.via, by: approver.name, decisionId: approval.decisionId },
      workflow: approval.workflow,
      reasons: [`${status} by ${approver.name} (staff ${approver.staffId}) via ${approver.via}`, ...(note ? [note] : [])],
    });
    return true;
  }).catch((error: unknown) => {
    if (error instanceof OverBudgetError) return "over budget" as const;
    throw error;
  });
  if (done === "over budget") return { ok: false, status: 422, error: "The edited offer is more than the daily budget has left" };
  // Someone else resolved it between our read and our write.
  if (!done) return { ok: false, status: 409, error: "This approval was already decided" };
  if (approval.slackTs) await enqueueSlackApproval(shop, id, "update");
  if (crmSubject && status === "approved") await enqueueCrmSync(shop, crmSubject.provider);
  return { ok: true, status, action: finalAction };
}

/** Rejects approvals nobody answered in time (the worker runs this every minute; pages run it too). */
export async function expireDueApprovals(now = new Date(), onlyShop?: string): Promise<number> {
  let expired = 0;
  for (const due of await dueApprovals(now, onlyShop)) {
    const done = await prisma.$transaction(async (tx) => {
      const won = await resolveApproval(tx, due.shop, due.id, {
        status: "expired",
        discountMinor: 0,
        decidedBy: null,
        decidedByName: null,
        decidedVia: "system",
        decidedAt: now,
      });
      if (!won) return false;
      const subject = due.kind === "crm_tier_change" ? crmReviewSubject(due.subject) : null;
      if (subject) await applyTierReview(tx, due.shop, subject, "expired");
      await recordAudit(tx, {
        shop: due.shop,
        event: "approval.expired",
        actor: "system",
        entity: due.id,
        before: { status: "pending" },
        after: { status: "expired", decisionId: due.decisionId },
        workflow: due.workflow,
        reasons: [`nobody approved it before ${due.expiresAt.toISOString()}; rejected`],
      });
      return true;
    });
    if (done) {
      expired++;
      if (due.slackTs) await enqueueSlackApproval(due.shop, due.id, "update");
    }
  }
  return expired;
}
