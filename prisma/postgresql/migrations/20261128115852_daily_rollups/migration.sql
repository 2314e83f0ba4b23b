-- CreateTable
CREATE TABLE "DeliveryDay" (
    "day" TIMESTAMP(3) NOT NULL,
    "eventId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "DeliveryDay_pkey" PRIMARY KEY ("day","eventId","verdict")
);

-- CreateTable
CREATE TABLE "ObjectDay" (
    "day" TIMESTAMP(3) NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ObjectDay_pkey" PRIMARY KEY ("resourceType","resourceId","day")
);

-- CreateIndex
CREATE INDEX "DeliveryDay_day_verdict_count_idx" ON "DeliveryDay"("day", "verdict", "count");

-- CreateIndex
CREATE INDEX "DeliveryDay_day_eventId_verdict_count_idx" ON "DeliveryDay"("day", "eventId", "verdict", "count");

-- CreateIndex
CREATE INDEX "ObjectDay_day_count_idx" ON "ObjectDay"("day", "count");

-- The daily sums of what the hourly rollups hold already. From now on the receiver's statement
-- counts both (lib/db/rollup-sql.ts).
INSERT INTO "DeliveryDay" ("day", "eventId", "verdict", "count")
SELECT date_trunc('day', "hour"), "eventId", "verdict", SUM("count") FROM "DeliveryHour" GROUP BY 1, 2, 3;

INSERT INTO "ObjectDay" ("resourceType", "resourceId", "day", "count")
SELECT "resourceType", "resourceId", date_trunc('day', "hour"), SUM("count") FROM "ObjectHour" GROUP BY 1, 2, 3;
