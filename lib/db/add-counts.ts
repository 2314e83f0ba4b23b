import "server-only";
import { Prisma } from "./prisma";

/**
 * One multi-row `INSERT … ON CONFLICT DO UPDATE` that adds each row's `count` to the stored row
 * of its key, or inserts it: how the rollup tables are kept, a batch at a time (a negative count
 * takes deliveries off). Both providers accept this statement as written. Each key may appear
 * once per statement (PostgreSQL refuses to touch a row twice), so callers merge first, and
 * rows go in key order so that two instances writing the same hours lock them in the same order.
 */
export function addCounts<Key extends string>(
  table: string,
  keyColumns: readonly Key[],
  rows: readonly (Record<Key, unknown> & { count: number })[],
): Prisma.Sql {
  const columns = [...keyColumns, "count"] as const;
  const values = rows.map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column as Key | "count"]))})`);
  const quotedKeys = keyColumns.map((column) => `"${column}"`).join(", ");
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(`${quotedKeys}, "count"`)}) VALUES ${Prisma.join(values)}
    ON CONFLICT (${Prisma.raw(quotedKeys)}) DO UPDATE SET "count" = ${Prisma.raw(`"${table}"."count"`)} + excluded."count"`;
}
