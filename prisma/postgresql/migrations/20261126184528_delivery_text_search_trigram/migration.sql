-- The text search of the delivery list (lib/deliveries/list-deliveries.ts) matches one expression
-- over the object id, resource URL and parsed body with ILIKE. No B-tree serves a substring match;
-- a trigram index does, so a search reads the whole history in milliseconds instead of scanning
-- every row. PostgreSQL only: SQLite has no trigram index and bounds its scan instead. The Prisma
-- schema cannot declare an expression index, so this migration is written by hand. (No quote
-- marks in these comments: the migration runner splits statements without reading comments.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Delivery_search_trgm_idx" ON "Delivery" USING gin (
  (coalesce("objectId", '') || ' ' || coalesce("resourceUrl", '') || ' ' || coalesce("payload", '')) gin_trgm_ops
);
