-- CreateTable
CREATE TABLE "OrderUnit" (
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderUnit_pkey" PRIMARY KEY ("shop","orderGid","unitId")
);

-- CreateTable
CREATE TABLE "OfferRedemption" (
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "valueMinor" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferRedemption_pkey" PRIMARY KEY ("shop","orderGid")
);

-- CreateIndex
CREATE INDEX "OrderUnit_shop_unitId_idx" ON "OrderUnit"("shop", "unitId");

-- CreateIndex
CREATE INDEX "OfferRedemption_shop_offerId_idx" ON "OfferRedemption"("shop", "offerId");


-- One redemption per offer: a second order with the same offer is recorded as flagged instead.
CREATE UNIQUE INDEX "OfferRedemption_one_redeemed" ON "OfferRedemption"("shop", "offerId") WHERE status = 'redeemed';
