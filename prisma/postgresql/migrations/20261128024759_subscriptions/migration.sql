-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "subscriptionId" TEXT;

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "triggerUrl" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "acceptUntil" TIMESTAMP(3),
    "vanishedAt" TIMESTAMP(3),
    "replacedById" TEXT,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Subscription_deletedAt_idx" ON "Subscription"("deletedAt");

-- CreateIndex
CREATE INDEX "Delivery_subscriptionId_id_idx" ON "Delivery"("subscriptionId", "id");
