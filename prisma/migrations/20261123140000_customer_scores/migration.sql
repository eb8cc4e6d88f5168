-- CreateTable
CREATE TABLE "CustomerScore" (
    "id" UUID NOT NULL,
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "clvMinor" INTEGER NOT NULL,
    "clvLowMinor" INTEGER,
    "clvHighMinor" INTEGER,
    "currency" TEXT,
    "expectedPurchases12m" DOUBLE PRECISION NOT NULL,
    "pAlive" DOUBLE PRECISION NOT NULL,
    "churnRisk" DOUBLE PRECISION NOT NULL,
    "daysOverdue" INTEGER,
    "frequency" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "lastOrderAt" TIMESTAMP(3) NOT NULL,
    "topCategory" TEXT,
    "tier" TEXT NOT NULL,
    "nextBestAction" TEXT NOT NULL,
    "nbaRuleId" TEXT,
    "reasoning" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelRun" (
    "id" UUID NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "params" JSONB,
    "logLikelihood" DOUBLE PRECISION,
    "n" INTEGER NOT NULL,
    "repeatCustomers" INTEGER NOT NULL,
    "tierThresholds" JSONB,
    "calibration" JSONB,
    "drift" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerScore_shop_clvMinor_idx" ON "CustomerScore"("shop", "clvMinor");

-- CreateIndex
CREATE INDEX "CustomerScore_shop_tier_idx" ON "CustomerScore"("shop", "tier");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerScore_shop_customerGid_key" ON "CustomerScore"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "ModelRun_shop_createdAt_idx" ON "ModelRun"("shop", "createdAt");

