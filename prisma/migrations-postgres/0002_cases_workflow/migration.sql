-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedById" INTEGER,
ADD COLUMN     "cause" TEXT,
ADD COLUMN     "causeSource" TEXT,
ADD COLUMN     "priority" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "scope" TEXT;

-- CreateTable
CREATE TABLE "CaseMention" (
    "caseId" INTEGER NOT NULL,
    "mentionId" INTEGER NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseMention_pkey" PRIMARY KEY ("caseId","mentionId")
);

-- CreateIndex
CREATE INDEX "CaseMention_mentionId_idx" ON "CaseMention"("mentionId");

-- CreateIndex
CREATE INDEX "Case_customerId_idx" ON "Case"("customerId");

-- AddForeignKey
ALTER TABLE "CaseMention" ADD CONSTRAINT "CaseMention_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

