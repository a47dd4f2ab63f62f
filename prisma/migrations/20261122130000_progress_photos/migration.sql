-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReportPhoto" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "originalPath" TEXT,
    "imagePath" TEXT,
    "thumbPath" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "bytes" INTEGER NOT NULL,
    "mime" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "progressUpdateId" TEXT,
    CONSTRAINT "ReportPhoto_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReportPhoto_progressUpdateId_fkey" FOREIGN KEY ("progressUpdateId") REFERENCES "ProgressUpdate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ReportPhoto" ("attempts", "bytes", "createdAt", "error", "height", "id", "imagePath", "mime", "originalPath", "position", "processedAt", "reportId", "status", "thumbPath", "width") SELECT "attempts", "bytes", "createdAt", "error", "height", "id", "imagePath", "mime", "originalPath", "position", "processedAt", "reportId", "status", "thumbPath", "width" FROM "ReportPhoto";
DROP TABLE "ReportPhoto";
ALTER TABLE "new_ReportPhoto" RENAME TO "ReportPhoto";
CREATE INDEX "ReportPhoto_reportId_position_idx" ON "ReportPhoto"("reportId", "position");
CREATE INDEX "ReportPhoto_status_createdAt_idx" ON "ReportPhoto"("status", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

