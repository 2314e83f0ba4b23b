import "server-only";
import { type ColumnField, hasWildcard, type SearchTerm, WILDCARD } from "../deliveries/search/terms";
import { resolveDatabaseTarget } from "./database-url";
import { Prisma } from "./prisma";

const provider = resolveDatabaseTarget().provider;

/** Trigrams need three characters: shorter text finds no help in either index. */
const TRIGRAM_LENGTH = 3;

/**
 * The text both search indexes cover: object id, resource URL and parsed body, joined. On
 * PostgreSQL a trigram index covers this very expression (migration delivery_text_search_trigram),
 * so it must stay character for character the same; on SQLite the FTS5 table DeliverySearch
 * holds it, filled by triggers (migration delivery_search_fts5).
 */
const SEARCHED_TEXT = Prisma.sql`(coalesce("objectId", '') || ' ' || coalesce("resourceUrl", '') || ' ' || coalesce("payload", ''))`;

const COLUMNS: Record<ColumnField, Prisma.Sql> = {
  id: Prisma.sql`"objectId"`,
  resource_url: Prisma.sql`"resourceUrl"`,
  event: Prisma.sql`"eventId"`,
  type: Prisma.sql`"resourceType"`,
};

/** Fields a B-tree index finds by exact value (models.prisma): no text index is needed for them. */
const EXACT_INDEXED: ReadonlySet<ColumnField> = new Set(["id", "event", "type"]);

/** Where the list reads from, and what narrows it, for a search. */
export interface SearchSource {
  /** The FROM clause: Delivery, or on SQLite the FTS5 matches joined to their deliveries. */
  from: Prisma.Sql;
  /** The id to range over and order by: the FTS5 rowid when it drives the query, so it is read in order. */
  id: Prisma.Sql;
  conditions: Prisma.Sql[];
  /** True when no index finds the matches, so rows are read one by one. */
  scans: boolean;
}

const DELIVERY_ONLY: SearchSource = {
  from: Prisma.sql`"Delivery"`,
  id: Prisma.sql`"id"`,
  conditions: [],
  scans: false,
};

/**
 * The SQL of a parsed search. Each term is checked exactly on the row; besides, the substrings
 * every match must contain go to the text index (FTS5 on SQLite, trigrams on PostgreSQL) so that
 * the rows to check are found without reading the table. The index only ever narrows: the exact
 * checks decide, so both providers answer the same rows.
 */
export function searchSource(terms: readonly SearchTerm[] | undefined): SearchSource {
  if (!terms || terms.length === 0) return DELIVERY_ONLY;
  const conditions = terms.map((term) => {
    const condition = termCondition(term);
    return term.negated ? Prisma.sql`NOT coalesce(${condition}, FALSE)` : condition;
  });
  const positive = terms.filter((term) => !term.negated);
  const needles = [...new Set(positive.flatMap(indexedSubstrings))];
  const scans = needles.length === 0 && !positive.some((t) => t.kind === "column" && isExactIndexed(t));

  if (provider === "postgresql") {
    // A text term's own condition is the indexed expression; field terms add theirs.
    const fieldNeedles = [...new Set(positive.filter((t) => t.kind !== "text").flatMap(indexedSubstrings))];
    const narrowing = fieldNeedles.map(
      (needle) => Prisma.sql`${SEARCHED_TEXT} ILIKE ${containsPattern(needle)} ESCAPE '\\'`,
    );
    return { ...DELIVERY_ONLY, conditions: [...narrowing, ...conditions], scans };
  }
  if (needles.length === 0) return { ...DELIVERY_ONLY, conditions, scans };
  return {
    // CROSS JOIN keeps FTS5 the outer loop: it hands rowids over newest first, so a page of
    // common matches stops early and a term that matches nothing answers at once.
    from: Prisma.sql`"DeliverySearch" CROSS JOIN "Delivery" ON "Delivery"."id" = "DeliverySearch"."rowid"`,
    id: Prisma.sql`"DeliverySearch"."rowid"`,
    conditions: [Prisma.sql`"DeliverySearch" MATCH ${ftsQuery(needles)}`, ...conditions],
    scans,
  };
}

function isExactIndexed(term: Extract<SearchTerm, { kind: "column" }>): boolean {
  return EXACT_INDEXED.has(term.field) && !hasWildcard(term.value);
}

/** The parts of a term's value that every matching row's searched text contains literally. */
function indexedSubstrings(term: SearchTerm): string[] {
  switch (term.kind) {
    case "text":
      return long(term.text) ? [term.text] : [];
    case "column":
      if (term.field !== "id" && term.field !== "resource_url") return [];
      if (isExactIndexed(term)) return [];
      return term.value.split(WILDCARD).filter(long);
    case "payload":
      // The body is stored as JSON text, where these characters are written escaped.
      return term.value.split(WILDCARD).filter((part) => long(part) && writtenAsIs(part));
    case "header":
      return [];
  }
}

/** True when JSON.stringify writes the text unchanged: no quote, backslash or control character. */
function writtenAsIs(text: string): boolean {
  return JSON.stringify(text) === `"${text}"`;
}

function long(text: string): boolean {
  return Array.from(text).length >= TRIGRAM_LENGTH;
}

/**
 * An FTS5 query every row containing all the needles matches: each needle's trigrams, ANDed. The
 * table keeps no positions (detail=none, a fraction of the size), so a needle cannot be asked for
 * as a phrase; the exact checks remove the rows whose trigrams are there but not in order.
 */
function ftsQuery(needles: readonly string[]): string {
  const trigrams = new Set<string>();
  for (const needle of needles) {
    const characters = Array.from(needle);
    for (let i = 0; i + TRIGRAM_LENGTH <= characters.length; i++) {
      trigrams.add(characters.slice(i, i + TRIGRAM_LENGTH).join(""));
    }
  }
  return [...trigrams].map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(" AND ");
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A field value as a LIKE pattern: * is any run of characters, everything else literal. */
function wildcardPattern(value: string): string {
  return value.split(WILDCARD).map(escapeLike).join("%");
}

/** A field's value compared with a term's: whole and exact, or with wildcards, ignoring case. */
function valueMatches(expression: Prisma.Sql, value: string): Prisma.Sql {
  if (!hasWildcard(value)) return Prisma.sql`${expression} = ${value}`;
  const like = Prisma.raw(provider === "postgresql" ? "ILIKE" : "LIKE");
  return Prisma.sql`${expression} ${like} ${wildcardPattern(value)} ESCAPE '\\'`;
}

function termCondition(term: SearchTerm): Prisma.Sql {
  switch (term.kind) {
    case "text":
      return textCondition(term.text);
    case "column":
      return valueMatches(COLUMNS[term.field], term.value);
    case "header":
      return headerCondition(term.name, term.value);
    case "payload":
      return valueMatches(payloadValue(term.path), term.value);
  }
}

/**
 * A substring, matched literally (% and _ are escaped), ignoring case. SQLite's three LIKEs cost it
 * half the CPU of building the joined string per row (and its LIKE already ignores ASCII case).
 */
function textCondition(text: string): Prisma.Sql {
  const pattern = containsPattern(text);
  if (provider === "postgresql") return Prisma.sql`${SEARCHED_TEXT} ILIKE ${pattern} ESCAPE '\\'`;
  return Prisma.sql`("objectId" LIKE ${pattern} ESCAPE '\\' OR "resourceUrl" LIKE ${pattern} ESCAPE '\\' OR "payload" LIKE ${pattern} ESCAPE '\\')`;
}

/**
 * Headers are stored as a JSON array of [name, value] pairs, names as sent. Reading that JSON costs
 * far more than a LIKE over its text, so the name and the value's literal parts are first looked
 * for in the text (ignoring case: a superset), and only rows holding them are read as JSON.
 */
function headerCondition(name: string, value: string): Prisma.Sql {
  const like = Prisma.raw(provider === "postgresql" ? "ILIKE" : "LIKE");
  const holds = [name, ...value.split(WILDCARD)]
    .filter((part) => part !== "" && writtenAsIs(part))
    .map((part) => Prisma.sql`"Delivery"."headers" ${like} ${containsPattern(part)} ESCAPE '\\'`);
  const pairs =
    provider === "postgresql"
      ? Prisma.sql`EXISTS (SELECT 1 FROM json_array_elements("Delivery"."headers"::json) AS "header"("pair")
      WHERE lower("header"."pair" ->> 0) = ${name} AND ${valueMatches(Prisma.sql`("header"."pair" ->> 1)`, value)})`
      : Prisma.sql`EXISTS (SELECT 1 FROM json_each("Delivery"."headers") AS "header"
    WHERE lower("header"."value" ->> 0) = ${name} AND ${valueMatches(Prisma.sql`("header"."value" ->> 1)`, value)})`;
  return Prisma.sql`(${Prisma.join([...holds, pairs], " AND ")})`;
}

/**
 * The string, number or boolean at a path of the parsed body, as text; null for anything else.
 * A body holding \u escapes (control characters, lone surrogates) is left out on both
 * providers: PostgreSQL refuses to read some of them, and both must answer the same rows.
 */
function payloadValue(path: readonly string[]): Prisma.Sql {
  const readable = Prisma.sql`"payload" NOT LIKE ${"%\\\\u%"} ESCAPE '\\'`;
  if (provider === "postgresql") {
    const at = Prisma.sql`("payload"::json #> ARRAY[${Prisma.join(path)}]::text[])`;
    return Prisma.sql`(CASE WHEN ${readable} AND json_typeof(${at}) IN ('string', 'number', 'boolean')
      THEN ("payload"::json #>> ARRAY[${Prisma.join(path)}]::text[]) END)`;
  }
  const jsonPath = `$${path.map((key) => `."${key}"`).join("")}`;
  return Prisma.sql`(CASE WHEN ${readable} AND json_valid("payload") THEN
    CASE json_type("payload", ${jsonPath})
      WHEN 'text' THEN json_extract("payload", ${jsonPath})
      WHEN 'integer' THEN CAST(json_extract("payload", ${jsonPath}) AS TEXT)
      WHEN 'real' THEN CAST(json_extract("payload", ${jsonPath}) AS TEXT)
      WHEN 'true' THEN 'true'
      WHEN 'false' THEN 'false'
    END END)`;
}
