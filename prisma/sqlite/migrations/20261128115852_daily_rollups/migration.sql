-- CreateTable
CREATE TABLE "DeliveryDay" (
    "day" DATETIME NOT NULL,
    "eventId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("day", "eventId", "verdict")
);

-- CreateTable
CREATE TABLE "ObjectDay" (
    "day" DATETIME NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("resourceType", "resourceId", "day")
);

-- CreateIndex
CREATE INDEX "DeliveryDay_day_verdict_count_idx" ON "DeliveryDay"("day", "verdict", "count");

-- CreateIndex
CREATE INDEX "DeliveryDay_day_eventId_verdict_count_idx" ON "DeliveryDay"("day", "eventId", "verdict", "count");

-- CreateIndex
CREATE INDEX "ObjectDay_day_count_idx" ON "ObjectDay"("day", "count");

-- The daily sums of what the hourly rollups hold already. From now on the trigger counts both, in
-- the receiver's one statement as before. The day is written as lib/db/rollup-sql.ts's unitStart
-- writes it, so the rebuild and the trigger agree.
INSERT INTO "DeliveryDay" ("day", "eventId", "verdict", "count")
SELECT strftime('%Y-%m-%dT00:00:00.000+00:00', "hour"), "eventId", "verdict", SUM("count") FROM "DeliveryHour" GROUP BY 1, 2, 3;

INSERT INTO "ObjectDay" ("resourceType", "resourceId", "day", "count")
SELECT "resourceType", "resourceId", strftime('%Y-%m-%dT00:00:00.000+00:00', "hour"), SUM("count") FROM "ObjectHour" GROUP BY 1, 2, 3;

DROP TRIGGER "Delivery_count_rollups";

CREATE TRIGGER "Delivery_count_rollups" AFTER INSERT ON "Delivery" BEGIN
  INSERT INTO "DeliveryHour" ("hour", "eventId", "verdict", "count")
  VALUES (strftime('%Y-%m-%dT%H:00:00.000+00:00', NEW."receivedAt"), coalesce(NEW."eventId", ''), NEW."signatureVerdict", 1)
  ON CONFLICT ("hour", "eventId", "verdict") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "ObjectHour" ("resourceType", "resourceId", "hour", "count")
  SELECT NEW."resourceType", NEW."resourceId", strftime('%Y-%m-%dT%H:00:00.000+00:00', NEW."receivedAt"), 1
  WHERE NEW."resourceType" IS NOT NULL AND NEW."resourceId" IS NOT NULL
  ON CONFLICT ("resourceType", "resourceId", "hour") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "DeliveryDay" ("day", "eventId", "verdict", "count")
  VALUES (strftime('%Y-%m-%dT00:00:00.000+00:00', NEW."receivedAt"), coalesce(NEW."eventId", ''), NEW."signatureVerdict", 1)
  ON CONFLICT ("day", "eventId", "verdict") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "ObjectDay" ("resourceType", "resourceId", "day", "count")
  SELECT NEW."resourceType", NEW."resourceId", strftime('%Y-%m-%dT00:00:00.000+00:00', NEW."receivedAt"), 1
  WHERE NEW."resourceType" IS NOT NULL AND NEW."resourceId" IS NOT NULL
  ON CONFLICT ("resourceType", "resourceId", "day") DO UPDATE SET "count" = "count" + 1;
END;
