-- CreateTable
CREATE TABLE "BehaviorCount" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "BehaviorCount_pkey" PRIMARY KEY ("shop","customerGid","key","day")
);

-- CreateTable
CREATE TABLE "AudienceMember" (
    "shop" TEXT NOT NULL,
    "audienceId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3),

    CONSTRAINT "AudienceMember_pkey" PRIMARY KEY ("shop","audienceId","provider","customerGid")
);

-- CreateIndex
CREATE INDEX "BehaviorCount_shop_key_day_idx" ON "BehaviorCount"("shop", "key", "day");

-- CreateIndex
CREATE INDEX "AudienceMember_shop_provider_status_idx" ON "AudienceMember"("shop", "provider", "status");

