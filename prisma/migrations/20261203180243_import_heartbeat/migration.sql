-- AlterTable
ALTER TABLE "ImportBatch" ADD COLUMN     "heartbeatAt" TIMESTAMP(3);
