-- AlterTable
ALTER TABLE "Comment" ADD COLUMN "formToken" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Deliberation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'musyawarah',
    "ballotType" TEXT NOT NULL DEFAULT 'approval',
    "quorum" INTEGER NOT NULL DEFAULT 5,
    "minSupportPercent" INTEGER NOT NULL DEFAULT 50,
    "eligibility" TEXT NOT NULL DEFAULT 'semua',
    "discussionEndsAt" DATETIME,
    "votingOpensAt" DATETIME,
    "votingClosesAt" DATETIME,
    "planVersion" INTEGER NOT NULL DEFAULT 0,
    "agencyOverrideId" TEXT,
    "summary" TEXT NOT NULL DEFAULT '',
    "showResultsBeforeClose" BOOLEAN NOT NULL DEFAULT false,
    "tally" TEXT,
    "tallyAt" DATETIME,
    "winnerProposalId" TEXT,
    "sentAt" DATETIME,
    "dueAt" DATETIME,
    "agencyId" TEXT,
    "answer" TEXT,
    "answerNote" TEXT,
    "plannedDate" DATETIME,
    "answeredAt" DATETIME,
    "completedAt" DATETIME,
    "remindedAt" DATETIME,
    "escalatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Deliberation_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Deliberation" ("agencyId", "agencyOverrideId", "answer", "answerNote", "answeredAt", "ballotType", "completedAt", "createdAt", "discussionEndsAt", "dueAt", "eligibility", "escalatedAt", "id", "minSupportPercent", "planVersion", "plannedDate", "quorum", "remindedAt", "reportId", "sentAt", "state", "summary", "tally", "tallyAt", "updatedAt", "votingClosesAt", "votingOpensAt", "winnerProposalId") SELECT "agencyId", "agencyOverrideId", "answer", "answerNote", "answeredAt", "ballotType", "completedAt", "createdAt", "discussionEndsAt", "dueAt", "eligibility", "escalatedAt", "id", "minSupportPercent", "planVersion", "plannedDate", "quorum", "remindedAt", "reportId", "sentAt", "state", "summary", "tally", "tallyAt", "updatedAt", "votingClosesAt", "votingOpensAt", "winnerProposalId" FROM "Deliberation";
DROP TABLE "Deliberation";
ALTER TABLE "new_Deliberation" RENAME TO "Deliberation";
CREATE UNIQUE INDEX "Deliberation_reportId_key" ON "Deliberation"("reportId");
CREATE INDEX "Deliberation_state_dueAt_idx" ON "Deliberation"("state", "dueAt");
CREATE INDEX "Deliberation_agencyId_state_idx" ON "Deliberation"("agencyId", "state");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Comment_authorId_formToken_key" ON "Comment"("authorId", "formToken");

