-- AlterTable
ALTER TABLE "Deliberation" ADD COLUMN "escalatedAt" DATETIME;
ALTER TABLE "Deliberation" ADD COLUMN "remindedAt" DATETIME;

