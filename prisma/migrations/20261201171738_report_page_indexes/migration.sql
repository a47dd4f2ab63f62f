-- CreateIndex
CREATE INDEX "ReportPhoto_progressUpdateId_position_idx" ON "ReportPhoto"("progressUpdateId", "position");

-- CreateIndex
CREATE INDEX "Comment_reportId_authorId_createdAt_idx" ON "Comment"("reportId", "authorId", "createdAt");

-- CreateIndex
CREATE INDEX "JointTask_deliberationId_createdAt_idx" ON "JointTask"("deliberationId", "createdAt");

