-- CreateTable
CREATE TABLE "AlternativeBallot" (
    "replyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("replyId", "userId"),
    CONSTRAINT "AlternativeBallot_replyId_fkey" FOREIGN KEY ("replyId") REFERENCES "AgencyReply" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgencyReply" (
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
    "amendment" BOOLEAN NOT NULL DEFAULT false,
    "voteClosesAt" DATETIME,
    CONSTRAINT "AgencyReply_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgencyReply" ("alternativeText", "authorId", "costRupiah", "createdAt", "deliberationId", "id", "kind", "note", "periodMonth", "respondBy", "respondedAt", "respondedById", "response", "responseNote", "round", "unit") SELECT "alternativeText", "authorId", "costRupiah", "createdAt", "deliberationId", "id", "kind", "note", "periodMonth", "respondBy", "respondedAt", "respondedById", "response", "responseNote", "round", "unit" FROM "AgencyReply";
DROP TABLE "AgencyReply";
ALTER TABLE "new_AgencyReply" RENAME TO "AgencyReply";
CREATE INDEX "AgencyReply_response_respondBy_idx" ON "AgencyReply"("response", "respondBy");
CREATE INDEX "AgencyReply_response_voteClosesAt_idx" ON "AgencyReply"("response", "voteClosesAt");
CREATE UNIQUE INDEX "AgencyReply_deliberationId_round_key" ON "AgencyReply"("deliberationId", "round");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

