-- AlterTable
ALTER TABLE "ReportPhoto" ADD COLUMN "sourceUrl" TEXT;

-- CreateTable
CREATE TABLE "HostSystem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "webhookUrl" TEXT,
    "webhookSecret" TEXT,
    "webhookDisabledAt" DATETIME,
    "inboundSecret" TEXT NOT NULL,
    "embedOrigins" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostSystemId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_hostSystemId_fkey" FOREIGN KEY ("hostSystemId") REFERENCES "HostSystem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "hostSystemId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("hostSystemId", "eventId"),
    CONSTRAINT "InboundEvent_hostSystemId_fkey" FOREIGN KEY ("hostSystemId") REFERENCES "HostSystem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServiceMapping" (
    "serviceCode" TEXT NOT NULL PRIMARY KEY,
    "categorySlug" TEXT NOT NULL,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Open311Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "baseUrl" TEXT NOT NULL,
    "hostSlug" TEXT NOT NULL,
    "cursor" DATETIME,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "lastRunAt" DATETIME,
    "lastError" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "HostSystem_slug_key" ON "HostSystem"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE INDEX "ApiToken_hostSystemId_idx" ON "ApiToken"("hostSystemId");

-- CreateIndex
CREATE UNIQUE INDEX "Open311Source_baseUrl_key" ON "Open311Source"("baseUrl");

