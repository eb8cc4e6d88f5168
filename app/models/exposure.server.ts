import prisma, { type Tx } from "../db.server";
import type { SqlParams } from "../lib/sql-params";

/**
 * A unit's exposure, as an INSERT for the statement that stores its decision (written if the CTE
 * `from` yields a row). The first exposure counts; later decisions for the same unit keep its
 * (deterministic) arm.
 */
export function exposureInsertSql(o: { shop: string; experimentKey: string; unitId: string; arm: string }, p: SqlParams, from: string): string {
  return `INSERT INTO "Exposure" (shop, "experimentKey", "unitId", arm)
    SELECT ${p.add(o.shop, "text")}, ${p.add(o.experimentKey, "text")}, ${p.add(o.unitId, "text")}, ${p.add(o.arm, "text")} FROM ${from}
    ON CONFLICT (shop, "experimentKey", "unitId") DO NOTHING`;
}

export async function exposureCounts(shop: string, experimentKey: string) {
  const rows = await prisma.exposure.groupBy({ by: ["arm"], where: { shop, experimentKey }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.arm, r._count._all]));
}

/** Records a unit's exposure unless it has one: the first exposure (and its time) counts. */
export async function insertExposure(tx: Tx, e: { shop: string; experimentKey: string; unitId: string; arm: string; exposedAt: Date }): Promise<boolean> {
  const { count } = await tx.exposure.createMany({ data: [e], skipDuplicates: true });
  return count === 1;
}
