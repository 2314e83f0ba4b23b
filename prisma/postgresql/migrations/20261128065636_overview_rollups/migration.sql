-- CreateTable
CREATE TABLE "DeliveryHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "eventId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "DeliveryHour_pkey" PRIMARY KEY ("hour","eventId","verdict")
);

-- CreateTable
CREATE TABLE "ObjectHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ObjectHour_pkey" PRIMARY KEY ("resourceType","resourceId","hour")
);

-- CreateTable
CREATE TABLE "FetchHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "FetchHour_pkey" PRIMARY KEY ("hour","outcome")
);

-- CreateTable
CREATE TABLE "ForwardHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "destinationId" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ForwardHour_pkey" PRIMARY KEY ("hour","destinationId","outcome")
);

-- CreateIndex
CREATE INDEX "DeliveryHour_hour_verdict_count_idx" ON "DeliveryHour"("hour", "verdict", "count");

-- CreateIndex
CREATE INDEX "DeliveryHour_hour_eventId_verdict_count_idx" ON "DeliveryHour"("hour", "eventId", "verdict", "count");

-- CreateIndex
CREATE INDEX "ObjectHour_hour_count_idx" ON "ObjectHour"("hour", "count");
