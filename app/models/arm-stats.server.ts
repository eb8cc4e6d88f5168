import prisma from "../db.server";

type Stats = { n: number; sum: number; sumSquares: number };

/** Thompson sampling's sufficient statistics for a workflow: segment → arm → stats. */
export async function learningStats(shop: string, workflow: string): Promise<Record<string, Record<string, Stats>>> {
  const rows = await prisma.armStat.findMany({ where: { shop, workflow } });
  const out: Record<string, Record<string, Stats>> = {};
  for (const r of rows) (out[r.segment] ??= {})[r.armId] = { n: r.n, sum: r.sum, sumSquares: r.sumSquares };
  return out;
}

export async function addReward(shop: string, workflow: string, segment: string, armId: string, reward: number) {
  await prisma.$executeRaw`
    INSERT INTO "ArmStat" (shop, workflow, segment, "armId", n, sum, "sumSquares")
    VALUES (${shop}, ${workflow}, ${segment}, ${armId}, 1, ${reward}, ${reward * reward})
    ON CONFLICT (shop, workflow, segment, "armId")
    DO UPDATE SET n = "ArmStat".n + 1, sum = "ArmStat".sum + ${reward}, "sumSquares" = "ArmStat"."sumSquares" + ${reward * reward}`;
}
