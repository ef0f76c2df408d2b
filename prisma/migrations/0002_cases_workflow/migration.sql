-- Cases: the eight-step fields, approval, inbox priority and attached mentions.
-- Generated with `prisma migrate diff` (old schema -> prisma/schema.prisma), then the
-- "RedefineTables" block for Case rewritten as ALTER TABLE ADD COLUMN: the product
-- applies migrations inside a transaction, where PRAGMA foreign_keys=OFF is ignored,
-- and DROP TABLE "Case" would then cascade-delete every CaseEvent.
-- CreateTable
CREATE TABLE "CaseMention" (
    "caseId" INTEGER NOT NULL,
    "mentionId" INTEGER NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("caseId", "mentionId"),
    CONSTRAINT "CaseMention_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "scope" TEXT;
ALTER TABLE "Case" ADD COLUMN "cause" TEXT;
ALTER TABLE "Case" ADD COLUMN "causeSource" TEXT;
ALTER TABLE "Case" ADD COLUMN "resolution" TEXT;
ALTER TABLE "Case" ADD COLUMN "approvedById" INTEGER;
ALTER TABLE "Case" ADD COLUMN "approvedAt" DATETIME;
ALTER TABLE "Case" ADD COLUMN "priority" REAL NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Case_customerId_idx" ON "Case"("customerId");
CREATE INDEX "CaseMention_mentionId_idx" ON "CaseMention"("mentionId");
