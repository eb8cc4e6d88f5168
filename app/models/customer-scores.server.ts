import type { Prisma } from "@prisma/client";
import prisma, { type Tx } from "../db.server";

// Persistence for customer-intelligence scores and scoring runs (issue 5). Every query names the shop.

export type OrderForScoring = { customerGid: string; totalPrice: number; currency: string; createdAt: Date; lineItems: Prisma.JsonValue };

/** The shop's orders that count as purchases: with a customer, not cancelled, not voided. */
export async function ordersForScoring(shop: string, until: Date): Promise<OrderForScoring[]> {
  const rows = await prisma.order.findMany({
    where: { shop, customerGid: { not: null }, cancelledAt: null, shopifyCreatedAt: { lte: until }, NOT: { financialStatus: "voided" } },
    select: { customerGid: true, totalPrice: true, currency: true, shopifyCreatedAt: true, lineItems: true },
  });
  return rows.map((r) => ({ customerGid: r.customerGid!, totalPrice: Number(r.totalPrice), currency: r.currency, createdAt: r.shopifyCreatedAt, lineItems: r.lineItems }));
}

export async function currentClvs(shop: string): Promise<number[]> {
  const rows = await prisma.customerScore.findMany({ where: { shop }, select: { clvMinor: true } });
  return rows.map((r) => r.clvMinor);
}

export type CustomerScoreInput = Omit<Prisma.CustomerScoreCreateManyInput, "id" | "shop">;

const BATCH = 1000;

/** Replaces the shop's scores with this run's, in batches, inside the caller's transaction. */
export async function replaceScores(tx: Tx, shop: string, rows: CustomerScoreInput[]): Promise<void> {
  await tx.customerScore.deleteMany({ where: { shop } });
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx.customerScore.createMany({ data: rows.slice(i, i + BATCH).map((r) => ({ ...r, shop })) });
  }
}

export async function createModelRun(tx: Tx, data: Omit<Prisma.ModelRunUncheckedCreateInput, "id" | "createdAt"> & { createdAt?: Date }) {
  return tx.modelRun.create({ data, select: { id: true } });
}

export async function recentModelRuns(shop: string, take = 10) {
  return prisma.modelRun.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take });
}

export async function tierCounts(shop: string) {
  const rows = await prisma.customerScore.groupBy({ by: ["tier"], where: { shop }, _count: { _all: true }, _sum: { clvMinor: true } });
  return rows.map((r) => ({ tier: r.tier, customers: r._count._all, clvMinor: r._sum.clvMinor ?? 0 }));
}

export async function clvValues(shop: string): Promise<number[]> {
  return currentClvs(shop);
}

/** The most valuable customers among those at risk (churn risk at or above `minRisk`). */
export async function atRiskHighValue(shop: string, minRisk = 0.3, take = 10) {
  return prisma.customerScore.findMany({ where: { shop, churnRisk: { gte: minRisk } }, orderBy: [{ clvMinor: "desc" }, { customerGid: "asc" }], take });
}

export async function findScore(shop: string, customerGid: string) {
  return prisma.customerScore.findUnique({ where: { shop_customerGid: { shop, customerGid } } });
}

export async function customerNames(shop: string, gids: string[]) {
  if (gids.length === 0) return [];
  return prisma.customer.findMany({ where: { shop, shopifyGid: { in: gids } }, select: { shopifyGid: true, firstName: true, lastName: true, email: true, redactedAt: true } });
}

export async function countOrdersWithCustomer(shop: string): Promise<number> {
  return prisma.order.count({ where: { shop, customerGid: { not: null }, cancelledAt: null } });
}
