-- CreateTable
CREATE TABLE "Destination" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "displayUrl" TEXT NOT NULL,
    "events" TEXT,
    "includeFailedSignatures" BOOLEAN NOT NULL DEFAULT false,
    "secret" TEXT,
    "timeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pausedReason" TEXT,
    "failingSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForwardJob" (
    "id" SERIAL NOT NULL,
    "deliveryId" INTEGER NOT NULL,
    "destinationId" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "replayId" INTEGER,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ForwardJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Replay" (
    "id" SERIAL NOT NULL,
    "destinationId" INTEGER NOT NULL,
    "filters" TEXT NOT NULL,
    "afterId" INTEGER NOT NULL,
    "belowId" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "enqueued" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Replay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForwardAttempt" (
    "id" SERIAL NOT NULL,
    "jobId" INTEGER NOT NULL,
    "deliveryId" INTEGER NOT NULL,
    "destinationId" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "responseExcerpt" BYTEA,
    "nextRetryAt" TIMESTAMP(3),

    CONSTRAINT "ForwardAttempt_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ForwardJob" ADD CONSTRAINT "ForwardJob_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForwardJob" ADD CONSTRAINT "ForwardJob_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForwardJob" ADD CONSTRAINT "ForwardJob_replayId_fkey" FOREIGN KEY ("replayId") REFERENCES "Replay"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Replay" ADD CONSTRAINT "Replay_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForwardAttempt" ADD CONSTRAINT "ForwardAttempt_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ForwardJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
