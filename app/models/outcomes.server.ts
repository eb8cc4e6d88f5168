import prisma from "../db.server";

// What decisions and exposures led to: the shop's own orders, read as minor-unit amounts for the
// shadow (off-policy) estimate and the experiment read-out. Every query is scoped to one shop.

const CUSTOMER_GID = "gid://shopify/Customer/%";

/** Cost ÷ price over the cart lines whose cost is known, from a decision's context; null when none is. */
const COST_RATIO_SQL = `(
  SELECT (sum((l->>'unitCostMinor')::float8 * (l->>'quantity')::float8)
          / nullif(sum((l->>'unitPriceMinor')::float8 * (l->>'quantity')::float8), 0))::float8
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d.context->'cart'->'lines') = 'array' THEN d.context->'cart'->'lines' ELSE '[]'::jsonb END) AS l
  WHERE jsonb_typeof(l->'unitCostMinor') = 'number' AND jsonb_typeof(l->'unitPriceMinor') = 'number' AND jsonb_typeof(l->'quantity') = 'number')`;

export type LoggedDecision = {
  id: string;
  /** The decision's customer, or its unit id when that is a customer GID; null when unlinkable. */
  customerGid: string | null;
  outcome: string;
  /** The engine's action type (held-out units store the would-be action with outcome skip). */
  actionType: string;
  propensity: number;
  experimentArm: string | null;
  createdAt: Date;
  costRatio: number | null;
};

/** A workflow's decisions made at or before `until`, newest first, at most `limit`. */
export async function loggedDecisions(shop: string, workflow: string, until: Date, limit: number): Promise<LoggedDecision[]> {
  return prisma.$queryRawUnsafe<LoggedDecision[]>(
    `SELECT d.id::text AS id,
            COALESCE(d."customerGid", CASE WHEN d."unitId" LIKE $4 THEN d."unitId" END) AS "customerGid",
            d.outcome, d."actionType", d.propensity, d."experimentArm", d."createdAt",
            ${COST_RATIO_SQL} AS "costRatio"
     FROM "Decision" d
     WHERE d.shop = $1 AND d.workflow = $2 AND d."createdAt" <= $3
     ORDER BY d."createdAt" DESC
     LIMIT $5`,
    shop,
    workflow,
    until,
    CUSTOMER_GID,
    limit,
  );
}

export async function countDecisionsAfter(shop: string, workflow: string, after: Date): Promise<number> {
  return prisma.decision.count({ where: { shop, workflow, createdAt: { gt: after } } });
}

export type OrderAmounts = {
  orderGid: string;
  customerGid: string;
  createdAt: Date;
  totalPrice: number;
  subtotalPrice: number | null;
  totalDiscounts: number | null;
  /** After refunds; null on orders stored before it was recorded. */
  currentSubtotalPrice: number | null;
  financialStatus: string | null;
  cancelledAt: Date | null;
};

/** Orders of the given customers placed in [from, to). */
export async function ordersOfCustomers(shop: string, customerGids: string[], from: Date, to: Date): Promise<OrderAmounts[]> {
  if (customerGids.length === 0) return [];
  return prisma.$queryRaw<OrderAmounts[]>`
    SELECT "shopifyGid" AS "orderGid", "customerGid", "shopifyCreatedAt" AS "createdAt", "totalPrice"::float8 AS "totalPrice",
           "subtotalPrice"::float8 AS "subtotalPrice", "totalDiscounts"::float8 AS "totalDiscounts",
           "currentSubtotalPrice"::float8 AS "currentSubtotalPrice", "financialStatus", "cancelledAt"
    FROM "Order"
    WHERE shop = ${shop} AND "customerGid" = ANY(${customerGids}::text[])
      AND "shopifyCreatedAt" >= ${from} AND "shopifyCreatedAt" < ${to}`;
}

/**
 * Orders linked to units that are not customers (a guest's checkout), keyed by unit id: through
 * the order's checkout token or the offer it carried (OrderUnit). `customerGid` holds the unit id.
 */
export async function ordersOfUnits(shop: string, unitIds: string[], from: Date, to: Date): Promise<OrderAmounts[]> {
  if (unitIds.length === 0) return [];
  return prisma.$queryRaw<OrderAmounts[]>`
    SELECT DISTINCT ON (u."unitId", o."shopifyGid") o."shopifyGid" AS "orderGid", u."unitId" AS "customerGid", o."shopifyCreatedAt" AS "createdAt",
           o."totalPrice"::float8 AS "totalPrice", o."subtotalPrice"::float8 AS "subtotalPrice", o."totalDiscounts"::float8 AS "totalDiscounts",
           o."currentSubtotalPrice"::float8 AS "currentSubtotalPrice", o."financialStatus", o."cancelledAt"
    FROM "OrderUnit" u JOIN "Order" o ON o.shop = u.shop AND o."shopifyGid" = u."orderGid"
    WHERE u.shop = ${shop} AND u."unitId" = ANY(${unitIds}::text[])
      AND o."shopifyCreatedAt" >= ${from} AND o."shopifyCreatedAt" < ${to}`;
}

/** Units exposed per experiment key and arm. */
export async function exposureArmCounts(shop: string) {
  const rows = await prisma.exposure.groupBy({ by: ["experimentKey", "arm"], where: { shop }, _count: { _all: true } });
  return rows.map((r) => ({ experimentKey: r.experimentKey, arm: r.arm, n: r._count._all }));
}

export type ExposedUnit = {
  unitId: string;
  arm: string;
  exposedAt: Date;
  /** The unit itself when it is a customer GID, else the customer of its first decision that had one. */
  customerGid: string | null;
  costRatio: number | null;
};

/** An experiment's exposed units, earliest first, at most `limit`. */
export async function exposedUnits(shop: string, experimentKey: string, limit: number): Promise<ExposedUnit[]> {
  return prisma.$queryRawUnsafe<ExposedUnit[]>(
    `SELECT e."unitId", e.arm, e."exposedAt",
            CASE WHEN e."unitId" LIKE $3 THEN e."unitId" ELSE d."customerGid" END AS "customerGid",
            d."costRatio"
     FROM "Exposure" e
     LEFT JOIN LATERAL (
       SELECT d."customerGid", ${COST_RATIO_SQL} AS "costRatio"
       FROM "Decision" d
       WHERE d.shop = e.shop AND d.workflow = e."experimentKey" AND d."unitId" = e."unitId"
       ORDER BY (d."customerGid" IS NULL), d."createdAt"
       LIMIT 1
     ) d ON true
     WHERE e.shop = $1 AND e."experimentKey" = $2
     ORDER BY e."exposedAt", e."unitId"
     LIMIT $4`,
    shop,
    experimentKey,
    CUSTOMER_GID,
    limit,
  );
}

export async function offerRedemptionCounts(shop: string): Promise<{ redeemed: number; flagged: number }> {
  const rows = await prisma.offerRedemption.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  const n = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
  return { redeemed: n("redeemed"), flagged: n("flagged") };
}
