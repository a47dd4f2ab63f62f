-- AlterTable
ALTER TABLE "Category" ADD COLUMN     "fixReopenable" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "FixCheck" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "fixedAt" TIMESTAMP(3) NOT NULL,
    "askAt" TIMESTAMP(3) NOT NULL,
    "askedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'menunggu',
    "doubtedAt" TIMESTAMP(3),
    "respondBy" TIMESTAMP(3),
    "agencyResponse" TEXT,
    "respondedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "reopenedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FixCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FixAnswer" (
    "checkId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FixAnswer_pkey" PRIMARY KEY ("checkId","userId")
);

-- CreateIndex
CREATE INDEX "FixCheck_askAt_askedAt_idx" ON "FixCheck"("askAt", "askedAt");

-- CreateIndex
CREATE INDEX "FixCheck_status_respondBy_idx" ON "FixCheck"("status", "respondBy");

-- CreateIndex
CREATE UNIQUE INDEX "FixCheck_reportId_fixedAt_key" ON "FixCheck"("reportId", "fixedAt");

-- AddForeignKey
ALTER TABLE "FixAnswer" ADD CONSTRAINT "FixAnswer_checkId_fkey" FOREIGN KEY ("checkId") REFERENCES "FixCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

