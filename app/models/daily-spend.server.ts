import type { Db, Tx } from "../db.server";
import type { SqlParams } from "../lib/sql-params";

// The shop's discount money per UTC day (the DailySpend table; schema.prisma says why it exists).
// Whatever stores an applied decision or changes an approval's hold changes the row in the same
// statement or transaction, so the row is always the sum of what it counts.

/** The UTC day a decision made at `at` counts on, as PostgreSQL's date text. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Reserves `amountMinor` on the shop's day if it fits under `limitMinor` (null: no budget, the money
 * is still counted), as a CTE body for a larger statement: it yields one row when the money was
 * reserved and none when it did not fit, and only for rows of `from` (the gate before it).
 * The row is locked from this update to the statement's commit, so concurrent reservations queue on
 * it for that long and each one checks the total the previous one left.
 */
export function reserveSpendSql(o: { shop: string; day: string; amountMinor: number; limitMinor: number | null }, p: SqlParams, from: string): string {
  const amount = p.add(o.amountMinor, "bigint");
  const limit = p.add(o.limitMinor, "bigint");
  return `INSERT INTO "DailySpend" (shop, day, "committedMinor")
    SELECT ${p.add(o.shop, "text")}, ${p.add(o.day, "date")}, ${amount} FROM ${from} WHERE ${limit} IS NULL OR ${amount} <= ${limit}
    ON CONFLICT (shop, day) DO UPDATE SET "committedMinor" = "DailySpend"."committedMinor" + EXCLUDED."committedMinor"
    WHERE ${limit} IS NULL OR "DailySpend"."committedMinor" + EXCLUDED."committedMinor" <= ${limit}
    RETURNING "committedMinor"`;
}

/** An approval's edit asked for more money than is left of its day's budget. */
export class OverBudgetError extends Error {
  constructor(readonly day: string) {
    super(`the daily budget of ${day} has not enough left`);
  }
}

/**
 * Changes what the shop holds on `day` by `deltaMinor` inside the caller's transaction: a release
 * (negative) always succeeds; an increase must fit under `limitMinor` or throws OverBudgetError,
 * which rolls the caller's transaction back.
 */
export async function adjustDailySpend(tx: Tx, shop: string, day: string, deltaMinor: number, limitMinor: number | null): Promise<void> {
  if (deltaMinor === 0) return;
  if (deltaMinor < 0) {
    await tx.$executeRaw`UPDATE "DailySpend" SET "committedMinor" = "committedMinor" + ${deltaMinor}::bigint WHERE shop = ${shop} AND day = ${day}::date`;
    return;
  }
  const reserved = await tx.$executeRaw`
    INSERT INTO "DailySpend" (shop, day, "committedMinor")
    SELECT ${shop}, ${day}::date, ${deltaMinor}::bigint WHERE ${limitMinor}::bigint IS NULL OR ${deltaMinor}::bigint <= ${limitMinor}::bigint
    ON CONFLICT (shop, day) DO UPDATE SET "committedMinor" = "DailySpend"."committedMinor" + EXCLUDED."committedMinor"
    WHERE ${limitMinor}::bigint IS NULL OR "DailySpend"."committedMinor" + EXCLUDED."committedMinor" <= ${limitMinor}::bigint`;
  if (reserved !== 1) throw new OverBudgetError(day);
}

/** The shop's committed money on `day` (0 before anything was committed). */
export async function dailySpend(db: Tx | Db, shop: string, day: string): Promise<number> {
  const rows = await db.$queryRaw<{ committed: string }[]>`SELECT "committedMinor"::text AS committed FROM "DailySpend" WHERE shop = ${shop} AND day = ${day}::date`;
  return Number(rows[0]?.committed ?? 0);
}
