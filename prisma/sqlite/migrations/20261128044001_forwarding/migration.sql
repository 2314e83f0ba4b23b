-- CreateTable
CREATE TABLE "Destination" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "displayUrl" TEXT NOT NULL,
    "events" TEXT,
    "includeFailedSignatures" BOOLEAN NOT NULL DEFAULT false,
    "secret" TEXT,
    "timeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pausedReason" TEXT,
    "failingSince" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ForwardJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deliveryId" INTEGER NOT NULL,
    "destinationId" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "replayId" INTEGER,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ForwardJob_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForwardJob_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForwardJob_replayId_fkey" FOREIGN KEY ("replayId") REFERENCES "Replay" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Replay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "destinationId" INTEGER NOT NULL,
    "filters" TEXT NOT NULL,
    "afterId" INTEGER NOT NULL,
    "belowId" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "enqueued" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "Replay_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForwardAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" INTEGER NOT NULL,
    "deliveryId" INTEGER NOT NULL,
    "destinationId" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "responseExcerpt" BLOB,
    "nextRetryAt" DATETIME,
    CONSTRAINT "ForwardAttempt_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ForwardJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ForwardJob_status_runAfter_idx" ON "ForwardJob"("status", "runAfter");

-- CreateIndex
CREATE INDEX "ForwardJob_deliveryId_idx" ON "ForwardJob"("deliveryId");

-- CreateIndex
CREATE INDEX "ForwardJob_destinationId_status_idx" ON "ForwardJob"("destinationId", "status");

-- CreateIndex
CREATE INDEX "ForwardJob_replayId_status_idx" ON "ForwardJob"("replayId", "status");

-- CreateIndex
CREATE INDEX "Replay_status_idx" ON "Replay"("status");

-- CreateIndex
CREATE INDEX "ForwardAttempt_deliveryId_id_idx" ON "ForwardAttempt"("deliveryId", "id");

-- CreateIndex
CREATE INDEX "ForwardAttempt_destinationId_id_idx" ON "ForwardAttempt"("destinationId", "id");

-- CreateIndex
CREATE INDEX "ForwardAttempt_startedAt_idx" ON "ForwardAttempt"("startedAt");
