-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "compacted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "storeError" TEXT,
ADD COLUMN     "truncatedFields" TEXT;
