-- CreateTable
CREATE TABLE "DashboardSnapshot" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "data" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL
);

