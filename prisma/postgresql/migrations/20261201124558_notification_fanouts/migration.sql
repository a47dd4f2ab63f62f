-- CreateTable
CREATE TABLE "NotificationFanout" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "proposalId" TEXT,
    "commentId" TEXT,
    "actorId" TEXT,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "audiences" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "NotificationFanout_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NotificationFanout_doneAt_createdAt_idx" ON "NotificationFanout"("doneAt", "createdAt");

