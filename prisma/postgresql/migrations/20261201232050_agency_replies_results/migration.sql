-- AlterTable
ALTER TABLE "ProgressUpdate" ADD COLUMN     "progress" INTEGER,
ADD COLUMN     "resultId" TEXT,
ADD COLUMN     "status" TEXT;

-- CreateTable
CREATE TABLE "AgencyReply" (
    "id" TEXT NOT NULL,
    "deliberationId" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "kind" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "alternativeText" TEXT,
    "costRupiah" BIGINT,
    "periodMonth" TEXT,
    "unit" TEXT,
    "respondBy" TIMESTAMP(3),
    "response" TEXT,
    "responseNote" TEXT,
    "respondedById" TEXT,
    "respondedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyReplyItem" (
    "id" TEXT NOT NULL,
    "replyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "costRupiah" BIGINT,
    "periodMonth" TEXT,
    "unit" TEXT,
    "reason" TEXT,
    "basis" TEXT,
    "regulation" TEXT,
    "responsibleBody" TEXT,
    "responsibleAgencyId" TEXT,

    CONSTRAINT "AgencyReplyItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Result" (
    "id" TEXT NOT NULL,
    "replyItemId" TEXT,
    "deliberationId" TEXT,
    "reportId" TEXT,
    "parentId" TEXT,
    "weight" DOUBLE PRECISION,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kelurahanCode" TEXT NOT NULL,
    "kecamatanCode" TEXT NOT NULL,
    "kotaCode" TEXT NOT NULL,
    "categorySlug" TEXT,
    "agencyId" TEXT,
    "unit" TEXT NOT NULL DEFAULT '',
    "costRupiah" BIGINT,
    "periodMonth" TEXT,
    "endsAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'direncanakan',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Result_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgencyReply_response_respondBy_idx" ON "AgencyReply"("response", "respondBy");

-- CreateIndex
CREATE UNIQUE INDEX "AgencyReply_deliberationId_round_key" ON "AgencyReply"("deliberationId", "round");

-- CreateIndex
CREATE INDEX "AgencyReplyItem_replyId_position_idx" ON "AgencyReplyItem"("replyId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Result_replyItemId_key" ON "Result"("replyItemId");

-- CreateIndex
CREATE INDEX "Result_deliberationId_idx" ON "Result"("deliberationId");

-- CreateIndex
CREATE INDEX "Result_parentId_idx" ON "Result"("parentId");

-- CreateIndex
CREATE INDEX "Result_kelurahanCode_idx" ON "Result"("kelurahanCode");

-- CreateIndex
CREATE INDEX "Result_kecamatanCode_idx" ON "Result"("kecamatanCode");

-- CreateIndex
CREATE INDEX "Result_agencyId_idx" ON "Result"("agencyId");

-- CreateIndex
CREATE INDEX "Result_endsAt_progress_idx" ON "Result"("endsAt", "progress");

-- CreateIndex
CREATE INDEX "ProgressUpdate_resultId_createdAt_idx" ON "ProgressUpdate"("resultId", "createdAt");

-- AddForeignKey
ALTER TABLE "ProgressUpdate" ADD CONSTRAINT "ProgressUpdate_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "Result"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyReply" ADD CONSTRAINT "AgencyReply_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyReplyItem" ADD CONSTRAINT "AgencyReplyItem_replyId_fkey" FOREIGN KEY ("replyId") REFERENCES "AgencyReply"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_replyItemId_fkey" FOREIGN KEY ("replyItemId") REFERENCES "AgencyReplyItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Result"("id") ON DELETE CASCADE ON UPDATE CASCADE;

