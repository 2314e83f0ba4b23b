-- CreateTable
CREATE TABLE "AlertChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "displayTarget" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "lastSentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "channels" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AlertIncident" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ruleId" INTEGER NOT NULL,
    "openRuleId" INTEGER,
    "openedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "summary" TEXT NOT NULL,
    "count" INTEGER,
    "reasons" TEXT NOT NULL,
    "link" TEXT,
    CONSTRAINT "AlertIncident_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlertNotification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "channelId" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "AlertNotification_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "AlertIncident" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AlertNotification_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertIncident_openRuleId_key" ON "AlertIncident"("openRuleId");

-- CreateIndex
CREATE INDEX "AlertIncident_ruleId_id_idx" ON "AlertIncident"("ruleId", "id");

-- CreateIndex
CREATE INDEX "AlertNotification_status_runAfter_idx" ON "AlertNotification"("status", "runAfter");

-- CreateIndex
CREATE INDEX "AlertNotification_channelId_id_idx" ON "AlertNotification"("channelId", "id");

-- CreateIndex
CREATE INDEX "AlertNotification_incidentId_idx" ON "AlertNotification"("incidentId");

-- CreateIndex
CREATE INDEX "Snapshot_fetchedAt_error_idx" ON "Snapshot"("fetchedAt", "error");
