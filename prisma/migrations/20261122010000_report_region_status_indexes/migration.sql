-- CreateIndex
CREATE INDEX "Report_kotaCode_status_createdAt_idx" ON "Report"("kotaCode", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Report_kecamatanCode_status_createdAt_idx" ON "Report"("kecamatanCode", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Report_kelurahanCode_status_createdAt_idx" ON "Report"("kelurahanCode", "status", "createdAt");

