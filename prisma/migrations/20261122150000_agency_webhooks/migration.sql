-- AlterTable
ALTER TABLE "Agency" ADD COLUMN "webhookDisabledAt" DATETIME;
ALTER TABLE "Agency" ADD COLUMN "webhookSecret" TEXT;
ALTER TABLE "Agency" ADD COLUMN "webhookUrl" TEXT;

