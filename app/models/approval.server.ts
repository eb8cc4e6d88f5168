import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";

export type ApprovalStatus = "pending" | "approved" | "rejected" | "expired";

export async function createApproval(
  tx: Tx,
  data: {
    shop: string;
    decisionId: string;
    workflow: string;
    actionType: string;
    proposedAction: Prisma.InputJsonValue;
    cartValueMinor: number;
    discountMinor: number;
    reasons: string[];
    expiresAt: Date;
  },
) {
  return tx.approval.create({ data: { ...data, status: "pending" } });
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
): Promise<boolean> {
  const { count } = await tx.approval.updateMany({ where: { shop, id, status: "pending" }, data });
  return count === 1;
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
