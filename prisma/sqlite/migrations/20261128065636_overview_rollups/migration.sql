-- CreateTable
CREATE TABLE "DeliveryHour" (
    "hour" DATETIME NOT NULL,
    "eventId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("hour", "eventId", "verdict")
);

-- CreateTable
CREATE TABLE "ObjectHour" (
    "hour" DATETIME NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("resourceType", "resourceId", "hour")
);

-- CreateTable
CREATE TABLE "FetchHour" (
    "hour" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("hour", "outcome")
);

-- CreateTable
CREATE TABLE "ForwardHour" (
    "hour" DATETIME NOT NULL,
    "destinationId" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("hour", "destinationId", "outcome")
);

-- CreateIndex
CREATE INDEX "DeliveryHour_hour_verdict_count_idx" ON "DeliveryHour"("hour", "verdict", "count");

-- CreateIndex
CREATE INDEX "DeliveryHour_hour_eventId_verdict_count_idx" ON "DeliveryHour"("hour", "eventId", "verdict", "count");

-- CreateIndex
CREATE INDEX "ObjectHour_hour_count_idx" ON "ObjectHour"("hour", "count");
