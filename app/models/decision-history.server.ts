import { hotQuery } from "./hot-query.server";

export type DecisionHistory = {
  offersInWindow: number;
  lastOfferAt: Date | null;
  /** The shop's money committed on the decision's day: applied discounts and approval holds. */
  discountCommittedToday: number;
  /** The unit's offer slot version this history was read at (offer-slot.server.ts). */
  slotVersion: number;
};

// What counts as an offer to a unit: something that reached (or waits to reach) the customer.
const OFFER = `outcome IN ('apply', 'review') AND "actionType" NOT IN ('none', 'risk_route')`;

// Times come back as epoch milliseconds: "createdAt" is a timestamp without time zone holding UTC,
// and pg would read it in the process's time zone. Each subquery is one index lookup
// ((shop, unitId, createdAt) and the two counters' primary keys), whatever the shop's volume.
const HISTORY_SQL = `SELECT
  (SELECT count(*)::int FROM "Decision" WHERE shop = $1 AND "unitId" = $2 AND "createdAt" >= $3::timestamp AND ${OFFER}) AS offers,
  (SELECT (extract(epoch FROM max("createdAt")) * 1000)::float8 FROM "Decision" WHERE shop = $1 AND "unitId" = $2 AND ${OFFER}) AS last,
  coalesce((SELECT "committedMinor" FROM "DailySpend" WHERE shop = $1 AND day = $4::date), 0)::float8 AS committed,
  coalesce((SELECT version FROM "OfferSlot" WHERE shop = $1 AND slot = $5::int), 0)::float8 AS slot`;

type Row = { offers: number; last: number | null; committed: number; slot: number };

/**
 * What the guardrails need to know about the past, in one round trip and one snapshot (this runs on
 * the checkout path): offers made to the unit since `windowStart`, the last one, the shop's money
 * committed on `day` (UTC, "YYYY-MM-DD"), and the version of the unit's offer slot, which the
 * decision's store checks so that what was read is what the decision was checked against.
 */
export async function decisionHistory(shop: string, unitId: string, o: { windowStart: Date; day: string; slot: number }): Promise<DecisionHistory> {
  const { rows } = await hotQuery<Row>(HISTORY_SQL, [shop, unitId, o.windowStart.toISOString(), o.day, o.slot]);
  const row = rows[0]!;
  return {
    offersInWindow: row.offers,
    lastOfferAt: row.last === null ? null : new Date(row.last),
    discountCommittedToday: row.committed,
    slotVersion: row.slot,
  };
}
