-- AlterTable
ALTER TABLE "AgencyReply" ADD COLUMN     "amendment" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "voteClosesAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AlternativeBallot" (
    "replyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlternativeBallot_pkey" PRIMARY KEY ("replyId","userId")
);

-- CreateIndex
CREATE INDEX "AgencyReply_response_voteClosesAt_idx" ON "AgencyReply"("response", "voteClosesAt");

-- AddForeignKey
ALTER TABLE "AlternativeBallot" ADD CONSTRAINT "AlternativeBallot_replyId_fkey" FOREIGN KEY ("replyId") REFERENCES "AgencyReply"("id") ON DELETE CASCADE ON UPDATE CASCADE;

