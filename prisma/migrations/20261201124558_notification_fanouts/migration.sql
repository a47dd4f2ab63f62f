-- CreateTable
CREATE TABLE "NotificationFanout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "proposalId" TEXT,
    "commentId" TEXT,
    "actorId" TEXT,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "audiences" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME
);

-- CreateIndex
CREATE INDEX "NotificationFanout_doneAt_createdAt_idx" ON "NotificationFanout"("doneAt", "createdAt");

