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
  createdAt?: Date;
};

export async function insertDecision(tx: Tx, row: DecisionRow) {
  return tx.decision.create({ data: row, select: { id: true, createdAt: true } });
}

export async function findDecision(shop: string, id: string) {
  return prisma.decision.findFirst({ where: { shop, id } });
}
