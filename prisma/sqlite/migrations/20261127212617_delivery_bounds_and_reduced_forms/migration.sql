-- Written by hand: Prisma's diff rebuilt the whole Delivery table to add three columns, which on a
-- large database copies every row while the receiver waits for the write lock. SQLite adds a
-- column with a constant default in place.
ALTER TABLE "Delivery" ADD COLUMN "truncatedFields" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "storeError" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "compacted" BOOLEAN NOT NULL DEFAULT false;
