-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "externalId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ballot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliberationId" TEXT NOT NULL,
    "userId" TEXT,
    "externalVoter" TEXT,
    "choices" TEXT NOT NULL,
    "receipt" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Ballot_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Ballot" ("choices", "createdAt", "deliberationId", "id", "receipt", "updatedAt", "userId") SELECT "choices", "createdAt", "deliberationId", "id", "receipt", "updatedAt", "userId" FROM "Ballot";
DROP TABLE "Ballot";
ALTER TABLE "new_Ballot" RENAME TO "Ballot";
CREATE UNIQUE INDEX "Ballot_receipt_key" ON "Ballot"("receipt");
CREATE UNIQUE INDEX "Ballot_deliberationId_userId_key" ON "Ballot"("deliberationId", "userId");
CREATE UNIQUE INDEX "Ballot_deliberationId_externalVoter_key" ON "Ballot"("deliberationId", "externalVoter");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

