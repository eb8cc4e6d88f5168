import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";

export type DecisionRow = {
  shop: string;
  workflow: string;
  unitId: string;
  customerGid: string | null;
  cartToken: string | null;
  orderGid: string | null;
  outcome: string;
  actionType: string;
  decision: Prisma.InputJsonValue;
  context: Prisma.InputJsonValue;
  engineVersion: string;
  propensity: number;
  experimentArm: string | null;
  discountMinor: number;
  cartValueMinor: number;
};

export async function insertDecision(tx: Tx, row: DecisionRow) {
  return tx.decision.create({ data: row, select: { id: true, createdAt: true } });
}

export async function findDecision(shop: string, id: string) {
  return prisma.decision.findFirst({ where: { shop, id } });
}

/** Offers actually made to a customer since `since` (shadow and holdout decisions made none). */
export async function offersToCustomerSince(shop: string, customerGid: string, since: Date) {
  return prisma.decision.count({
    where: { shop, customerGid, createdAt: { gte: since }, outcome: { in: ["apply", "review"] }, actionType: { not: "none" } },
  });
}

export async function lastOfferToCustomer(shop: string, customerGid: string) {
  const row = await prisma.decision.findFirst({
    where: { shop, customerGid, outcome: { in: ["apply", "review"] }, actionType: { not: "none" } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return row?.createdAt ?? null;
}

/**
 * Discount money committed today: applied decisions, and decisions waiting for approval (they may
 * still be approved, so they hold their share of the budget until they are rejected or expire).
 */
export async function discountCommittedSince(shop: string, since: Date) {
  const applied = await prisma.decision.aggregate({
    where: { shop, createdAt: { gte: since }, outcome: "apply" },
    _sum: { discountMinor: true },
  });
  const held = await prisma.approval.aggregate({
    where: { shop, createdAt: { gte: since }, status: { in: ["pending", "approved"] } },
    _sum: { discountMinor: true },
  });
  return (applied._sum.discountMinor ?? 0) + (held._sum.discountMinor ?? 0);
}
