-- CreateTable
CREATE TABLE "ResultImport" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'antri',
    "total" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ResultImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResultImport_userId_createdAt_idx" ON "ResultImport"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "ResultImport_status_createdAt_idx" ON "ResultImport"("status", "createdAt");

