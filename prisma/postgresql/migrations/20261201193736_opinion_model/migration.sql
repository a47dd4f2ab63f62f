-- AlterTable
ALTER TABLE "Deliberation" ADD COLUMN     "opinionModel" TEXT;

