-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "remoteAddress" TEXT,
    "method" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "rawBody" BYTEA NOT NULL,
    "bodySize" INTEGER NOT NULL,
    "oversized" BOOLEAN NOT NULL DEFAULT false,
    "contentType" TEXT,
    "bodyFormat" TEXT NOT NULL,
    "contentTypeSniffed" BOOLEAN NOT NULL DEFAULT false,
    "parseError" TEXT,
    "payload" TEXT,
    "eventId" TEXT,
    "objectId" TEXT,
    "resourceUrl" TEXT,
    "resourceType" TEXT,
    "resourceId" TEXT,
    "signatureHeader" TEXT,
    "signatureVerdict" TEXT NOT NULL,
    "signatureReason" TEXT,
    "signatureAlgorithm" TEXT,
    "signatureAlgorithmFrom" TEXT,
    "signatureSecretIndex" INTEGER,
    "responseStatus" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "duplicateOfId" INTEGER,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" SERIAL NOT NULL,
    "resourceUrl" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trigger" TEXT NOT NULL,
    "deliveryId" INTEGER,
    "httpStatus" INTEGER,
    "meta" TEXT,
    "response" TEXT,
    "contentHash" TEXT,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,
    "errorMessage" TEXT,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FetchJob" (
    "id" SERIAL NOT NULL,
    "resourceUrl" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "deliveryId" INTEGER,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "snapshotId" INTEGER,

    CONSTRAINT "FetchJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiBudget" (
    "origin" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "blockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiBudget_pkey" PRIMARY KEY ("origin")
);

-- CreateIndex
CREATE INDEX "Delivery_receivedAt_id_idx" ON "Delivery"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "Delivery_fingerprint_id_idx" ON "Delivery"("fingerprint", "id");

-- CreateIndex
CREATE INDEX "Delivery_eventId_id_idx" ON "Delivery"("eventId", "id");

-- CreateIndex
CREATE INDEX "Delivery_signatureVerdict_id_idx" ON "Delivery"("signatureVerdict", "id");

-- CreateIndex
CREATE INDEX "Delivery_resourceType_resourceId_id_idx" ON "Delivery"("resourceType", "resourceId", "id");

-- CreateIndex
CREATE INDEX "Snapshot_resourceType_resourceId_fetchedAt_idx" ON "Snapshot"("resourceType", "resourceId", "fetchedAt");

-- CreateIndex
CREATE INDEX "Snapshot_deliveryId_idx" ON "Snapshot"("deliveryId");

-- CreateIndex
CREATE INDEX "FetchJob_status_runAfter_idx" ON "FetchJob"("status", "runAfter");

-- CreateIndex
CREATE INDEX "FetchJob_resourceUrl_status_idx" ON "FetchJob"("resourceUrl", "status");

-- CreateIndex
CREATE INDEX "FetchJob_deliveryId_idx" ON "FetchJob"("deliveryId");

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_duplicateOfId_fkey" FOREIGN KEY ("duplicateOfId") REFERENCES "Delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FetchJob" ADD CONSTRAINT "FetchJob_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
