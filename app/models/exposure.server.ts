import type { Tx } from "../db.server";
import prisma from "../db.server";

/** The first exposure counts; later decisions for the same unit keep its (deterministic) arm. */
export async function recordExposure(tx: Tx, shop: string, experimentKey: string, unitId: string, arm: string) {
  await tx.$executeRaw`
    INSERT INTO "Exposure" (shop, "experimentKey", "unitId", arm) VALUES (${shop}, ${experimentKey}, ${unitId}, ${arm})
    ON CONFLICT (shop, "experimentKey", "unitId") DO NOTHING`;
}

export async function exposureCounts(shop: string, experimentKey: string) {
  const rows = await prisma.exposure.groupBy({ by: ["arm"], where: { shop, experimentKey }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.arm, r._count._all]));
}
