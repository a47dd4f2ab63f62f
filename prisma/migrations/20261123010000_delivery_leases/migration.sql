-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "leaseUntil" DATETIME;

-- AlterTable
ALTER TABLE "Deliberation" ADD COLUMN "tallyAt" DATETIME;

