-- AlterTable
ALTER TABLE "FetchJob" ADD COLUMN     "lockedBy" TEXT;
