-- CreateTable
CREATE TABLE "Delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "remoteAddress" TEXT,
    "method" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "rawBody" BLOB NOT NULL,
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
    CONSTRAINT "Delivery_duplicateOfId_fkey" FOREIGN KEY ("duplicateOfId") REFERENCES "Delivery" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
