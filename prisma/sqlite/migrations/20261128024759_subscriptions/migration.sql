-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "subscriptionId" TEXT;

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "triggerUrl" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    "acceptUntil" DATETIME,
    "vanishedAt" DATETIME,
    "replacedById" TEXT
);

-- CreateIndex
CREATE INDEX "Subscription_deletedAt_idx" ON "Subscription"("deletedAt");

-- CreateIndex
CREATE INDEX "Delivery_subscriptionId_id_idx" ON "Delivery"("subscriptionId", "id");
