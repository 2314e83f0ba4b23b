import { Prisma } from "./prisma";

/**
 * One multi-row `INSERT … VALUES` through the Prisma client, for the tables written once per
 * delivery. Prisma 7's createMany spent about 0.7 ms of CPU per row in its query compiler and
 * interpreter (SQLite and PostgreSQL alike), more than the rest of the receiver; this costs about
 * a fifth of that. Columns are written exactly as listed: a default that Prisma fills in (`now()`)
 * is not applied here, so callers list such columns and give their values. A value may be a
 * `Prisma.sql` fragment, such as a subquery.
 */
export function insertRows<Column extends string>(
  table: string,
  columns: readonly Column[],
  rows: readonly Record<Column, unknown>[],
  returning: readonly string[] = [],
): Prisma.Sql {
  const values = rows.map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column]))})`);
  const returningClause = returning.length > 0 ? Prisma.raw(` RETURNING ${quoted(returning)}`) : Prisma.empty;
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(quoted(columns))}) VALUES ${Prisma.join(values)}${returningClause}`;
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}
