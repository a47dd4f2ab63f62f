-- CreateTable
CREATE TABLE "FixCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "fixedAt" DATETIME NOT NULL,
    "askAt" DATETIME NOT NULL,
    "askedAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'menunggu',
    "doubtedAt" DATETIME,
    "respondBy" DATETIME,
    "agencyResponse" TEXT,
    "respondedAt" DATETIME,
    "escalatedAt" DATETIME,
    "reopenedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "FixAnswer" (
    "checkId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("checkId", "userId"),
    CONSTRAINT "FixAnswer_checkId_fkey" FOREIGN KEY ("checkId") REFERENCES "FixCheck" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Category" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "nameId" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "defaultAgencyId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "fixReopenable" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Category_defaultAgencyId_fkey" FOREIGN KEY ("defaultAgencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Category" ("defaultAgencyId", "nameEn", "nameId", "position", "slug") SELECT "defaultAgencyId", "nameEn", "nameId", "position", "slug" FROM "Category";
DROP TABLE "Category";
ALTER TABLE "new_Category" RENAME TO "Category";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "FixCheck_askAt_askedAt_idx" ON "FixCheck"("askAt", "askedAt");

-- CreateIndex
CREATE INDEX "FixCheck_status_respondBy_idx" ON "FixCheck"("status", "respondBy");

-- CreateIndex
CREATE UNIQUE INDEX "FixCheck_reportId_fixedAt_key" ON "FixCheck"("reportId", "fixedAt");

