-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "currentSubtotalPrice" DECIMAL(14,2);

