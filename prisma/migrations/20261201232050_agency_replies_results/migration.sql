-- CreateTable
CREATE TABLE "AgencyReply" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliberationId" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "kind" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "alternativeText" TEXT,
    "costRupiah" BIGINT,
    "periodMonth" TEXT,
    "unit" TEXT,
    "respondBy" DATETIME,
    "response" TEXT,
    "responseNote" TEXT,
    "respondedById" TEXT,
    "respondedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgencyReply_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgencyReplyItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    CONSTRAINT "AgencyReplyItem_replyId_fkey" FOREIGN KEY ("replyId") REFERENCES "AgencyReply" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Result" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "replyItemId" TEXT,
    "deliberationId" TEXT,
    "reportId" TEXT,
    "parentId" TEXT,
    "weight" REAL,
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
    "endsAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'direncanakan',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Result_replyItemId_fkey" FOREIGN KEY ("replyItemId") REFERENCES "AgencyReplyItem" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Result_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Result_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Result" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProgressUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliberationId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'progress',
    "note" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "progress" INTEGER,
    "resultId" TEXT,
    "status" TEXT,
    CONSTRAINT "ProgressUpdate_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgressUpdate_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "Result" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProgressUpdate" ("authorId", "createdAt", "deliberationId", "id", "kind", "note") SELECT "authorId", "createdAt", "deliberationId", "id", "kind", "note" FROM "ProgressUpdate";
DROP TABLE "ProgressUpdate";
ALTER TABLE "new_ProgressUpdate" RENAME TO "ProgressUpdate";
CREATE INDEX "ProgressUpdate_deliberationId_createdAt_idx" ON "ProgressUpdate"("deliberationId", "createdAt");
CREATE INDEX "ProgressUpdate_resultId_createdAt_idx" ON "ProgressUpdate"("resultId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

