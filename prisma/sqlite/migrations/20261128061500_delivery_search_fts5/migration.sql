-- The delivery list's search on SQLite (lib/db/text-search.ts): an FTS5 index of trigrams over the
-- text PostgreSQL's trigram index covers (object id, resource URL and parsed body, joined), so a
-- search finds its candidate rows without reading the table. Contentless (content='') with
-- detail=none: it keeps only which rows hold each trigram, a fraction of a full index, since the
-- exact check on the Delivery row decides; contentless_delete lets the triggers remove rows by
-- id alone, so retention deletes stay one statement. Hand-written: Prisma cannot declare it.
CREATE VIRTUAL TABLE "DeliverySearch" USING fts5("text", tokenize = 'trigram', detail = none, content = '', contentless_delete = 1);

CREATE TRIGGER "Delivery_search_insert" AFTER INSERT ON "Delivery" BEGIN
  INSERT INTO "DeliverySearch" ("rowid", "text")
  VALUES (new."id", coalesce(new."objectId", '') || ' ' || coalesce(new."resourceUrl", '') || ' ' || coalesce(new."payload", ''));
END;

CREATE TRIGGER "Delivery_search_delete" AFTER DELETE ON "Delivery" BEGIN
  DELETE FROM "DeliverySearch" WHERE "rowid" = old."id";
END;

CREATE TRIGGER "Delivery_search_update" AFTER UPDATE OF "objectId", "resourceUrl", "payload" ON "Delivery" BEGIN
  DELETE FROM "DeliverySearch" WHERE "rowid" = old."id";
  INSERT INTO "DeliverySearch" ("rowid", "text")
  VALUES (new."id", coalesce(new."objectId", '') || ' ' || coalesce(new."resourceUrl", '') || ' ' || coalesce(new."payload", ''));
END;

INSERT INTO "DeliverySearch" ("rowid", "text")
SELECT "id", coalesce("objectId", '') || ' ' || coalesce("resourceUrl", '') || ' ' || coalesce("payload", '') FROM "Delivery";
