-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'decision',
ADD COLUMN     "subject" JSONB,
ALTER COLUMN "decisionId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "CrmConnection" (
    "shop" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "sealedSecret" TEXT NOT NULL,
    "fieldsReadyAt" TIMESTAMP(3),
    "lastSyncAt" TIMESTAMP(3),
    "lastError" TEXT,
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmConnection_pkey" PRIMARY KEY ("shop","provider")
);

-- CreateTable
CREATE TABLE "CrmSyncItem" (
    "shop" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "remoteId" TEXT,
    "syncedHash" TEXT,
    "syncedTier" TEXT,
    "reviewTier" TEXT,
    "reviewVerdict" TEXT,
    "lastError" TEXT,
    "syncedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmSyncItem_pkey" PRIMARY KEY ("shop","provider","customerGid")
);

-- CreateTable
CREATE TABLE "BackfillRun" (
    "id" UUID NOT NULL,
    "shop" TEXT NOT NULL,
    "operationId" TEXT,
    "status" TEXT NOT NULL,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "importedCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BackfillRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CrmSyncItem_shop_provider_status_idx" ON "CrmSyncItem"("shop", "provider", "status");

-- CreateIndex
CREATE INDEX "BackfillRun_shop_startedAt_idx" ON "BackfillRun"("shop", "startedAt");

