-- CreateTable
CREATE TABLE "Region" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "parentCode" TEXT,
    "level" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Region_parentCode_fkey" FOREIGN KEY ("parentCode") REFERENCES "Region" ("code") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Category" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "nameId" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "defaultAgencyId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Category_defaultAgencyId_fkey" FOREIGN KEY ("defaultAgencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "email" TEXT,
    "slaDays" INTEGER NOT NULL DEFAULT 14,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AgencyRegion" (
    "agencyId" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,

    PRIMARY KEY ("agencyId", "regionCode"),
    CONSTRAINT "AgencyRegion_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgencyRegion_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgencyCategory" (
    "agencyId" TEXT NOT NULL,
    "categorySlug" TEXT NOT NULL,

    PRIMARY KEY ("agencyId", "categorySlug"),
    CONSTRAINT "AgencyCategory_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgencyCategory_categorySlug_fkey" FOREIGN KEY ("categorySlug") REFERENCES "Category" ("slug") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'warga',
    "homeKelurahanCode" TEXT NOT NULL,
    "agencyId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'id',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_homeKelurahanCode_fkey" FOREIGN KEY ("homeKelurahanCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "User_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserRegion" (
    "userId" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,

    PRIMARY KEY ("userId", "regionCode"),
    CONSTRAINT "UserRegion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UserRegion_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Report" (
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
    CONSTRAINT "Report_categorySlug_fkey" FOREIGN KEY ("categorySlug") REFERENCES "Category" ("slug") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_kelurahanCode_fkey" FOREIGN KEY ("kelurahanCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_kecamatanCode_fkey" FOREIGN KEY ("kecamatanCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_kotaCode_fkey" FOREIGN KEY ("kotaCode") REFERENCES "Region" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReportPhoto" (
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
    CONSTRAINT "ReportPhoto_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT,
    "actorId" TEXT,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEvent_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "Region_parentCode_idx" ON "Region"("parentCode");

-- CreateIndex
CREATE INDEX "Region_level_idx" ON "Region"("level");

-- CreateIndex
CREATE UNIQUE INDEX "Agency_name_key" ON "Agency"("name");

-- CreateIndex
CREATE INDEX "AgencyRegion_regionCode_idx" ON "AgencyRegion"("regionCode");

-- CreateIndex
CREATE INDEX "AgencyCategory_categorySlug_idx" ON "AgencyCategory"("categorySlug");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Report_number_key" ON "Report"("number");

-- CreateIndex
CREATE INDEX "Report_createdAt_idx" ON "Report"("createdAt");

-- CreateIndex
CREATE INDEX "Report_status_createdAt_idx" ON "Report"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Report_categorySlug_createdAt_idx" ON "Report"("categorySlug", "createdAt");

-- CreateIndex
CREATE INDEX "Report_kotaCode_createdAt_idx" ON "Report"("kotaCode", "createdAt");

-- CreateIndex
CREATE INDEX "Report_kecamatanCode_createdAt_idx" ON "Report"("kecamatanCode", "createdAt");

-- CreateIndex
CREATE INDEX "Report_kelurahanCode_createdAt_idx" ON "Report"("kelurahanCode", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Report_hostSystem_externalId_key" ON "Report"("hostSystem", "externalId");

-- CreateIndex
CREATE INDEX "ReportPhoto_reportId_position_idx" ON "ReportPhoto"("reportId", "position");

-- CreateIndex
CREATE INDEX "ReportPhoto_status_createdAt_idx" ON "ReportPhoto"("status", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_reportId_createdAt_idx" ON "AuditEvent"("reportId", "createdAt");


-- The audit log is append-only: the database itself refuses to change or remove an event.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN SELECT RAISE(ABORT, 'AuditEvent is append-only'); END;
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN SELECT RAISE(ABORT, 'AuditEvent is append-only'); END;
