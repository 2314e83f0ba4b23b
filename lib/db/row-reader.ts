import "server-only";
import Database from "better-sqlite3";
import pg from "pg";
import { type DatabaseTarget, resolveDatabaseTarget } from "./database-url";
import type { Prisma } from "./prisma";

// Reads too large for Prisma's raw queries (an export of a million deliveries): each query runs
// on the driver itself and answers rows as arrays in its SELECT's column order. Prisma turns every
// raw value into a tagged JSON value and back, which at that scale costs more than the read
// (npm run bench:export). The SQL is still written with Prisma.sql in the table's queries file;
// only its execution comes here. On both providers timestamps come back as the ISO 8601 text
// Date.prototype.toISOString writes (UTC, milliseconds, "Z"), booleans as boolean, blobs as
// Buffer and integers as number.

export type RawRow = unknown[];

interface RowReader {
  rows(query: Prisma.Sql): Promise<RawRow[]>;
}

const SQLITE_BUSY_TIMEOUT_MS = 500;
/** Reads run one query at a time per export: two connections serve two exports at once. */
const POSTGRES_READER_POOL_SIZE = 2;
const POSTGRES_TIMESTAMP_OID = 1114;

/** Prisma's own form for an instant on SQLite: ISO 8601 with milliseconds and a +00:00 offset. */
const PRISMA_SQLITE_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/** A SQLite instant as stored: Prisma's ISO text, CURRENT_TIMESTAMP's zoneless UTC, or epoch ms. */
function sqliteInstant(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value)).toISOString();
  const text = String(value);
  // The common case, rewritten without a Date: a million of those is a second of CPU.
  if (PRISMA_SQLITE_INSTANT.test(text)) return `${text.slice(0, 23)}Z`;
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text.replace(" ", "T")}Z`).toISOString();
}

/** PostgreSQL's text for a TIMESTAMP(3), which holds UTC without a zone. */
function postgresInstant(text: string): string {
  return new Date(`${text.replace(" ", "T")}Z`).toISOString();
}

function sqliteReader(file: string): RowReader {
  // Read-only and separate from Prisma's connection: WAL lets it read while the receiver writes.
  const database = new Database(file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    async rows(query) {
      const statement = database.prepare(query.sql).raw(true);
      // SQLite keeps instants as text and booleans as integers: the declared types say which.
      const conversions = statement
        .columns()
        .flatMap(({ type }, index): { index: number; to: (value: unknown) => unknown }[] =>
          type === "DATETIME"
            ? [{ index, to: sqliteInstant }]
            : type === "BOOLEAN"
              ? [{ index, to: (value: unknown) => value === 1 }]
              : [],
        );
      const rows = statement.all(...query.values) as RawRow[];
      for (const row of rows) {
        for (const { index, to } of conversions) if (row[index] !== null) row[index] = to(row[index]);
      }
      return rows;
    },
  };
}

function postgresReader(url: string): RowReader {
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_READER_POOL_SIZE,
    types: {
      // pg would read a TIMESTAMP as local time.
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === POSTGRES_TIMESTAMP_OID
          ? postgresInstant
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  return {
    async rows(query) {
      const result = await pool.query({ text: query.text, values: query.values, rowMode: "array" });
      return result.rows as RawRow[];
    },
  };
}

function createRowReader(target: DatabaseTarget = resolveDatabaseTarget()): RowReader {
  return target.provider === "postgresql" ? postgresReader(target.url) : sqliteReader(target.url);
}

const globalForReader = globalThis as unknown as { accelomonitorRowReader?: RowReader };

/** The rows of one query, read through the driver as arrays; opened on first use for DATABASE_URL. */
export function readRawRows(query: Prisma.Sql): Promise<RawRow[]> {
  globalForReader.accelomonitorRowReader ??= createRowReader();
  return globalForReader.accelomonitorRowReader.rows(query);
}
