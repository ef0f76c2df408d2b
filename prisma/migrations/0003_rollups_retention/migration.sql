-- CreateTable
CREATE TABLE "RollupDay" (
    "brandId" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "sourceId" TEXT NOT NULL,
    "mentions" INTEGER NOT NULL DEFAULT 0,
    "positive" INTEGER NOT NULL DEFAULT 0,
    "neutral" INTEGER NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    "reach" INTEGER NOT NULL DEFAULT 0,
    "engagement" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("brandId", "bucket", "sourceId")
);

-- CreateTable
CREATE TABLE "RollupComplaintHour" (
    "brandId" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "category" TEXT NOT NULL,
    "servqual" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("brandId", "bucket", "category", "servqual", "severity")
);

-- CreateTable
CREATE TABLE "RollupCompetitorHour" (
    "brandId" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "competitor" TEXT NOT NULL,
    "mentions" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("brandId", "bucket", "competitor")
);

-- CreateTable
CREATE TABLE "RollupOutcomeHour" (
    "brandId" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "metric" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("brandId", "bucket", "metric")
);

-- CreateIndex
CREATE INDEX "RollupDay_bucket_idx" ON "RollupDay"("bucket");

-- CreateIndex
CREATE INDEX "RollupComplaintHour_bucket_idx" ON "RollupComplaintHour"("bucket");

-- CreateIndex
CREATE INDEX "RollupCompetitorHour_bucket_idx" ON "RollupCompetitorHour"("bucket");

-- CreateIndex
CREATE INDEX "RollupOutcomeHour_bucket_idx" ON "RollupOutcomeHour"("bucket");

