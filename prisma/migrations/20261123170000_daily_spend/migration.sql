-- CreateTable
CREATE TABLE "DailySpend" (
    "shop" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "committedMinor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DailySpend_pkey" PRIMARY KEY ("shop","day")
);

-- CreateTable
CREATE TABLE "OfferSlot" (
    "shop" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "OfferSlot_pkey" PRIMARY KEY ("shop","slot")
);


-- The counters start from what is already stored, as decision-history summed it until now: applied
-- decisions plus approvals holding money, each on the UTC day it was created. Without this, the day
-- of the deploy would start again from zero and its budget could be spent twice. (Stop the previous
-- release's processes before migrating: one still running would store decisions without counting.)
INSERT INTO "DailySpend" ("shop", "day", "committedMinor")
SELECT "shop", "day", sum("minor")
FROM (
    SELECT "shop", "createdAt"::date AS "day", "discountMinor"::bigint AS "minor" FROM "Decision" WHERE "outcome" = 'apply' AND "discountMinor" <> 0
    UNION ALL
    SELECT "shop", "createdAt"::date, "discountMinor"::bigint FROM "Approval" WHERE "status" IN ('pending', 'approved') AND "discountMinor" <> 0
) AS "held"
GROUP BY "shop", "day";
