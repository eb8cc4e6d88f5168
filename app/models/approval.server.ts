import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";
import type { SqlParams } from "../lib/sql-params";
import { adjustDailySpend, utcDay } from "./daily-spend.server";

export type ApprovalStatus = "pending" | "approved" | "rejected" | "expired";

export type NewApproval = {
  id: string;
  shop: string;
  decisionId: string;
  workflow: string;
  actionType: string;
  proposedAction: Prisma.InputJsonValue;
  cartValueMinor: number;
  discountMinor: number;
  reasons: string[];
  /** The decision's time: the approval holds its money on this UTC day (daily-spend.server.ts). */
  createdAt: Date;
  expiresAt: Date;
};

/**
 * A pending approval as an INSERT for the statement that stores its decision (decision.server.ts),
 * written if the CTE `from` yields a row. Its money is held by that statement's reservation.
 */
export function approvalInsertSql(a: NewApproval, p: SqlParams, from: string): string {
  return `INSERT INTO "Approval" (id, shop, "decisionId", workflow, "actionType", "proposedAction", status, "cartValueMinor", "discountMinor", reasons, "expiresAt", "createdAt")
    SELECT ${p.add(a.id, "uuid")}, ${p.add(a.shop, "text")}, ${p.add(a.decisionId, "uuid")}, ${p.add(a.workflow, "text")}, ${p.add(a.actionType, "text")},
      ${p.json(a.proposedAction, "jsonb")}, 'pending', ${p.add(a.cartValueMinor, "int")}, ${p.add(a.discountMinor, "int")}, ${p.json(a.reasons, "jsonb")},
      ${p.add(a.expiresAt.toISOString(), "timestamp")}, ${p.add(a.createdAt.toISOString(), "timestamp")}
    FROM ${from}`;
}

export async function listApprovals(shop: string, status: ApprovalStatus | "all", take = 100) {
  return prisma.approval.findMany({
    where: { shop, ...(status === "all" ? {} : { status }) },
    orderBy: { createdAt: "desc" },
    take,
  });
}

export async function countApprovals(shop: string, status: ApprovalStatus) {
  return prisma.approval.count({ where: { shop, status } });
}

export async function findApproval(shop: string, id: string, db: Tx | typeof prisma = prisma) {
  return db.approval.findFirst({ where: { shop, id } });
}

/** Any shop's approval by id (Slack tells us only the id; the row then names the shop). */
export async function findApprovalById(id: string) {
  return prisma.approval.findUnique({ where: { id } });
}

/**
 * Moves a pending approval to its final state. The status condition makes the update the lock:
 * two approvers clicking at once, or an approval racing its expiry, resolve it exactly once.
 * The money it holds on its day moves with it in the same transaction: released when it is rejected
 * or expired, changed by an edit. An edit asking for more than the day has left throws
 * OverBudgetError (`dailyBudgetMinor` is the budget its decision was made under).
 */
export async function resolveApproval(
  tx: Tx,
  shop: string,
  id: string,
  data: {
    status: Exclude<ApprovalStatus, "pending">;
    finalAction?: Prisma.InputJsonValue;
    discountMinor?: number;
    note?: string | null;
    decidedBy: string | null;
    decidedByName: string | null;
    decidedVia: "admin" | "slack" | "system";
    decidedAt: Date;
  },
  dailyBudgetMinor: number | null = null,
): Promise<boolean> {
  // A pending approval's hold never changes until it is resolved, and only the resolution below can
  // resolve it: what is read here is what it holds when the update wins.
  const held = await tx.approval.findFirst({ where: { shop, id, status: "pending" }, select: { discountMinor: true, createdAt: true } });
  if (!held) return false;
  const { count } = await tx.approval.updateMany({ where: { shop, id, status: "pending" }, data });
  if (count !== 1) return false;
  const holds = data.status === "approved" ? (data.discountMinor ?? held.discountMinor) : 0;
  await adjustDailySpend(tx, shop, utcDay(held.createdAt), holds - held.discountMinor, dailyBudgetMinor);
  return true;
}

export async function dueApprovals(now: Date, shop?: string, take = 500) {
  return prisma.approval.findMany({ where: { status: "pending", expiresAt: { lte: now }, ...(shop ? { shop } : {}) }, take, orderBy: { expiresAt: "asc" } });
}

export async function setSlackMessage(id: string, slackChannel: string, slackTs: string) {
  await prisma.approval.update({ where: { id }, data: { slackChannel, slackTs } });
}

export async function listSlackApprovers(shop: string) {
  return prisma.slackApprover.findMany({ where: { shop } });
}

export async function upsertSlackApprover(tx: Tx, row: { shop: string; slackUserId: string; teamId: string; shopifyStaffId: string; name: string }) {
  await tx.slackApprover.upsert({
    where: { shop_slackUserId: { shop: row.shop, slackUserId: row.slackUserId } },
    create: row,
    update: row,
  });
}
