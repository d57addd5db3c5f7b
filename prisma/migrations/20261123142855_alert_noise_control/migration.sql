-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "alertDailyCap" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "alertScanTime" TEXT NOT NULL DEFAULT '08:00';

-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN     "floorCurrency" TEXT;

-- AlterTable
ALTER TABLE "AlertEvent" ADD COLUMN     "direction" TEXT NOT NULL DEFAULT 'up',
ADD COLUMN     "groupKey" TEXT,
ADD COLUMN     "postedAt" TIMESTAMP(3),
ADD COLUMN     "score" DECIMAL(24,6),
ADD COLUMN     "suppressed" TEXT;

-- CreateIndex
CREATE INDEX "AlertEvent_groupKey_idx" ON "AlertEvent"("groupKey");
