-- DropIndex
DROP INDEX "Comment_threadId_parentId_createdAt_idx";

-- DropIndex
DROP INDEX "Comment_threadId_parentId_agreeCount_createdAt_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "categorySlug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "lat" REAL NOT NULL,
    "lng" REAL NOT NULL,
    "kelurahanCode" TEXT NOT NULL,
    "kecamatanCode" TEXT NOT NULL,
    "kotaCode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'menunggu',
    "source" TEXT NOT NULL DEFAULT 'musyawarah',
    "hostSystem" TEXT,
    "externalId" TEXT,
    "reporterId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "commentCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Report_categorySlug_fkey" FOREIGN KEY ("categorySlug") REFERENCES "Category" ("slug") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_kelurahanCode_fkey" FOREIGN KEY ("kelurahanCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_kecamatanCode_fkey" FOREIGN KEY ("kecamatanCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_kotaCode_fkey" FOREIGN KEY ("kotaCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Report" ("categorySlug", "createdAt", "description", "externalId", "hostSystem", "id", "kecamatanCode", "kelurahanCode", "kotaCode", "lat", "lng", "number", "reporterId", "searchText", "source", "status", "title", "updatedAt") SELECT "categorySlug", "createdAt", "description", "externalId", "hostSystem", "id", "kecamatanCode", "kelurahanCode", "kotaCode", "lat", "lng", "number", "reporterId", "searchText", "source", "status", "title", "updatedAt" FROM "Report";
DROP TABLE "Report";
ALTER TABLE "new_Report" RENAME TO "Report";
CREATE UNIQUE INDEX "Report_number_key" ON "Report"("number");
CREATE INDEX "Report_createdAt_idx" ON "Report"("createdAt");
CREATE INDEX "Report_status_createdAt_idx" ON "Report"("status", "createdAt");
CREATE INDEX "Report_categorySlug_createdAt_idx" ON "Report"("categorySlug", "createdAt");
CREATE INDEX "Report_kotaCode_createdAt_idx" ON "Report"("kotaCode", "createdAt");
CREATE INDEX "Report_kecamatanCode_createdAt_idx" ON "Report"("kecamatanCode", "createdAt");
CREATE INDEX "Report_kelurahanCode_createdAt_idx" ON "Report"("kelurahanCode", "createdAt");
CREATE INDEX "Report_kotaCode_status_createdAt_idx" ON "Report"("kotaCode", "status", "createdAt");
CREATE INDEX "Report_kecamatanCode_status_createdAt_idx" ON "Report"("kecamatanCode", "status", "createdAt");
CREATE INDEX "Report_kelurahanCode_status_createdAt_idx" ON "Report"("kelurahanCode", "status", "createdAt");
CREATE UNIQUE INDEX "Report_hostSystem_externalId_key" ON "Report"("hostSystem", "externalId");
CREATE TABLE "new_Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "costRupiah" INTEGER,
    "agencyId" TEXT,
    "jointAction" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'active',
    "mergedIntoId" TEXT,
    "mergeNote" TEXT,
    "commentCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Proposal_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Proposal_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Proposal_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Proposal" ("agencyId", "authorId", "body", "costRupiah", "createdAt", "html", "id", "jointAction", "mergeNote", "mergedIntoId", "reportId", "status", "text", "title", "updatedAt", "version") SELECT "agencyId", "authorId", "body", "costRupiah", "createdAt", "html", "id", "jointAction", "mergeNote", "mergedIntoId", "reportId", "status", "text", "title", "updatedAt", "version" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE INDEX "Proposal_reportId_status_createdAt_idx" ON "Proposal"("reportId", "status", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Comment_threadId_parentId_createdAt_id_idx" ON "Comment"("threadId", "parentId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Comment_threadId_parentId_agreeCount_createdAt_id_idx" ON "Comment"("threadId", "parentId", "agreeCount", "createdAt", "id");


-- Counts for threads that already exist.
UPDATE "Report" SET "commentCount" = (SELECT COUNT(*) FROM "Comment" WHERE "Comment"."threadId" = "Report"."id");
UPDATE "Proposal" SET "commentCount" = (SELECT COUNT(*) FROM "Comment" WHERE "Comment"."threadId" = "Proposal"."id");
