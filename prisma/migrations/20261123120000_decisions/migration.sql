-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "customerGid" TEXT,
ADD COLUMN     "orderGid" TEXT,
ADD COLUMN     "reasonsText" TEXT,
ADD COLUMN     "workflow" TEXT;

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "shop" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "customerGid" TEXT,
    "cartToken" TEXT,
    "orderGid" TEXT,
    "outcome" TEXT NOT NULL,
    "actionType" TEXT NOT NULL,
    "decision" JSON NOT NULL,
    "context" JSONB NOT NULL,
    "engineVersion" TEXT NOT NULL,
    "propensity" DOUBLE PRECISION NOT NULL,
    "experimentArm" TEXT,
    "discountMinor" INTEGER NOT NULL,
    "cartValueMinor" INTEGER NOT NULL,
    "rewardedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" UUID NOT NULL,
    "shop" TEXT NOT NULL,
    "decisionId" UUID NOT NULL,
    "workflow" TEXT NOT NULL,
    "actionType" TEXT NOT NULL,
    "proposedAction" JSONB NOT NULL,
    "finalAction" JSONB,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "cartValueMinor" INTEGER NOT NULL,
    "discountMinor" INTEGER NOT NULL,
    "reasons" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decidedByName" TEXT,
    "decidedVia" TEXT,
    "slackChannel" TEXT,
    "slackTs" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "value" JSONB NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("shop","key")
);

-- CreateTable
CREATE TABLE "SlackApprover" (
    "shop" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "shopifyStaffId" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "SlackApprover_pkey" PRIMARY KEY ("shop","slackUserId")
);

-- CreateTable
CREATE TABLE "Exposure" (
    "shop" TEXT NOT NULL,
    "experimentKey" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "arm" TEXT NOT NULL,
    "exposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exposure_pkey" PRIMARY KEY ("shop","experimentKey","unitId")
);

-- CreateTable
CREATE TABLE "ArmStat" (
    "shop" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "armId" TEXT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,
    "sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sumSquares" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "ArmStat_pkey" PRIMARY KEY ("shop","workflow","segment","armId")
);

-- CreateIndex
CREATE INDEX "Decision_shop_createdAt_idx" ON "Decision"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Decision_shop_workflow_createdAt_idx" ON "Decision"("shop", "workflow", "createdAt");

-- CreateIndex
CREATE INDEX "Decision_shop_customerGid_createdAt_idx" ON "Decision"("shop", "customerGid", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Approval_decisionId_key" ON "Approval"("decisionId");

-- CreateIndex
CREATE INDEX "Approval_shop_status_createdAt_idx" ON "Approval"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Approval_status_expiresAt_idx" ON "Approval"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "Exposure_shop_experimentKey_arm_idx" ON "Exposure"("shop", "experimentKey", "arm");

-- CreateIndex
CREATE INDEX "AuditLog_shop_workflow_createdAt_idx" ON "AuditLog"("shop", "workflow", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_shop_customerGid_idx" ON "AuditLog"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "AuditLog_shop_orderGid_idx" ON "AuditLog"("shop", "orderGid");


CREATE INDEX "Decision_shop_unitId_createdAt_idx" ON "Decision"("shop", "unitId", "createdAt");

-- The audit log is append-only: rows are never changed, except by a customer's erasure, which
-- sets uplift.redacting for its own transaction first.
CREATE FUNCTION "AuditLog_append_only"() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('uplift.redacting', true), '') <> 'on' THEN
    RAISE EXCEPTION 'AuditLog is append-only';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "AuditLog_append_only"();
