import type { Tx } from "../db.server";
import prisma from "../db.server";
import type { SqlParams } from "../lib/sql-params";

type Stats = { n: number; sum: number; sumSquares: number };

/** Thompson sampling's sufficient statistics for a workflow: segment → arm → stats. */
export async function learningStats(shop: string, workflow: string): Promise<Record<string, Record<string, Stats>>> {
  const rows = await prisma.armStat.findMany({ where: { shop, workflow } });
  const out: Record<string, Record<string, Stats>> = {};
  for (const r of rows) (out[r.segment] ??= {})[r.armId] = { n: r.n, sum: r.sum, sumSquares: r.sumSquares };
  return out;
}

/**
 * An arm was played: one more exposure with reward 0 until an order says otherwise. Counting the
 * exposure now (not at purchase) keeps shoppers who never buy in the mean, as they must be.
 * An upsert for the statement that stores the decision (decision.server.ts), counted if the CTE
 * `from` yields a row.
 */
export function armExposureSql(o: { shop: string; workflow: string; segment: string; armId: string }, p: SqlParams, from: string): string {
  return `INSERT INTO "ArmStat" (shop, workflow, segment, "armId", n, sum, "sumSquares")
    SELECT ${p.add(o.shop, "text")}, ${p.add(o.workflow, "text")}, ${p.add(o.segment, "text")}, ${p.add(o.armId, "text")}, 1, 0, 0 FROM ${from}
    ON CONFLICT (shop, workflow, segment, "armId") DO UPDATE SET n = "ArmStat".n + 1`;
}

/** The exposure's reward turned from 0 into `reward` (one order per exposure is credited). */
export async function creditArmReward(tx: Tx, shop: string, workflow: string, segment: string, armId: string, reward: number) {
  await tx.$executeRaw`
    UPDATE "ArmStat" SET sum = sum + ${reward}, "sumSquares" = "sumSquares" + ${reward * reward}
    WHERE shop = ${shop} AND workflow = ${workflow} AND segment = ${segment} AND "armId" = ${armId}`;
}
