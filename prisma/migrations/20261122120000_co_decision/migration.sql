-- CreateTable
CREATE TABLE "Deliberation" (
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
    "tally" TEXT,
    "winnerProposalId" TEXT,
    "sentAt" DATETIME,
    "dueAt" DATETIME,
    "agencyId" TEXT,
    "answer" TEXT,
    "answerNote" TEXT,
    "plannedDate" DATETIME,
    "answeredAt" DATETIME,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Deliberation_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliberationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "choices" TEXT NOT NULL,
    "receipt" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Ballot_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgressUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliberationId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'progress',
    "note" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgressUpdate_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JointTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliberationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "when" TEXT NOT NULL DEFAULT '',
    "capacity" INTEGER,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "JointTask_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TaskSignup" (
    "taskId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("taskId", "userId"),
    CONSTRAINT "TaskSignup_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "JointTask" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutcomeRating" (
    "deliberationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("deliberationId", "userId"),
    CONSTRAINT "OutcomeRating_deliberationId_fkey" FOREIGN KEY ("deliberationId") REFERENCES "Deliberation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Deliberation_reportId_key" ON "Deliberation"("reportId");

-- CreateIndex
CREATE INDEX "Deliberation_state_dueAt_idx" ON "Deliberation"("state", "dueAt");

-- CreateIndex
CREATE INDEX "Deliberation_agencyId_state_idx" ON "Deliberation"("agencyId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_receipt_key" ON "Ballot"("receipt");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_deliberationId_userId_key" ON "Ballot"("deliberationId", "userId");

-- CreateIndex
CREATE INDEX "ProgressUpdate_deliberationId_createdAt_idx" ON "ProgressUpdate"("deliberationId", "createdAt");

