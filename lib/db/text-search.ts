import "server-only";
import { resolveDatabaseTarget } from "./database-url";
import { Prisma } from "./prisma";

const provider = resolveDatabaseTarget().provider;

/** Trigrams need three characters: shorter terms find no help in the index. */
const TRIGRAM_LENGTH = 3;

/**
 * The delivery list's text search over object id, resource URL and parsed body: a substring,
 * matched literally (% and _ are escaped). PostgreSQL matches the three joined into one string,
 * the expression its trigram index covers (migration delivery_text_search_trigram), so that must
 * stay character for character the same. SQLite has no such index and scans; three LIKEs cost it
 * half the CPU of building the joined string per row (and its LIKE already ignores ASCII case).
 */
export function textSearchCondition(text: string): Prisma.Sql {
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  if (provider === "postgresql") {
    return Prisma.sql`(coalesce("objectId", '') || ' ' || coalesce("resourceUrl", '') || ' ' || coalesce("payload", '')) ILIKE ${pattern} ESCAPE '\\'`;
  }
  return Prisma.sql`("objectId" LIKE ${pattern} ESCAPE '\\' OR "resourceUrl" LIKE ${pattern} ESCAPE '\\' OR "payload" LIKE ${pattern} ESCAPE '\\')`;
}

/** True when no index finds the matches of this search, so the rows are read one by one. */
export function textSearchScans(text: string): boolean {
  return provider !== "postgresql" || text.length < TRIGRAM_LENGTH;
}
