import { pool, type Tx } from "../db.server";

export type DecisionHistory = {
  offersInWindow: number;
  lastOfferAt: Date | null;
  discountCommittedToday: number;
};

const HISTORY_SQL = `SELECT
       (SELECT count(*)::int FROM "Decision" WHERE shop = $1 AND "unitId" = $2 AND "createdAt" >= $3
          AND outcome IN ('apply', 'review') AND "actionType" NOT IN ('none', 'risk_route')) AS offers,
       (SELECT max("createdAt") FROM "Decision" WHERE shop = $1 AND "unitId" = $2
          AND outcome IN ('apply', 'review') AND "actionType" NOT IN ('none', 'risk_route')) AS last,
       ((SELECT coalesce(sum("discountMinor"), 0) FROM "Decision" WHERE shop = $1 AND "createdAt" >= $4 AND outcome = 'apply')
       + (SELECT coalesce(sum("discountMinor"), 0) FROM "Approval" WHERE shop = $1 AND "createdAt" >= $4 AND status IN ('pending', 'approved')))::text
         AS committed`;

type Row = { offers: number; last: Date | null; committed: string | null };

/**
 * What the guardrails need to know about the past, in one round trip (this runs on the checkout
 * path): offers made to the unit in the frequency window, the last one, and the shop's discount
 * money committed today (applied, plus held by approvals that may still be approved). Pass the
 * transaction the decision is stored in, so that what is read is what the decision is checked against.
 */
export async function decisionHistory(shop: string, unitId: string, windowStart: Date, dayStart: Date, tx?: Tx): Promise<DecisionHistory> {
  const rows = tx
    ? await tx.$queryRawUnsafe<Row[]>(HISTORY_SQL, shop, unitId, windowStart, dayStart)
    : (await pool.query<Row>(HISTORY_SQL, [shop, unitId, windowStart, dayStart])).rows;
  const row = rows[0]!;
  return { offersInWindow: row.offers, lastOfferAt: row.last === null ? null : new Date(row.last), discountCommittedToday: Number(row.committed ?? 0) };
}
