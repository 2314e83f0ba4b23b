import "server-only";
import { resolveDatabaseTarget } from "./database-url";
import { Prisma } from "./prisma";

// What the rollups (lib/insights/rollups.ts) need that the providers spell differently.

const provider = resolveDatabaseTarget().provider;

/** What the receiver's INSERT returns: the row's id, and on PostgreSQL what its rollups count. */
export function deliveryInsertReturning(returning: readonly string[]): string[] {
  if (provider === "sqlite") return [...returning];
  return [...returning, "receivedAt", "eventId", "signatureVerdict", "resourceType", "resourceId"];
}

/**
 * The receiver's batch INSERT (returning deliveryInsertReturning's columns), counting its rows into
 * DeliveryHour and ObjectHour in the same statement: a transaction of three statements more than
 * doubled the receiver's answer time (npm run bench:ingest). SQLite counts them by a trigger
 * (migration delivery_rollup_trigger). PostgreSQL does it by data-modifying CTEs over the
 * INSERT's RETURNING, since its migrations here cannot hold a PL/pgSQL trigger: the driver
 * adapter splits a migration script at every ";".
 */
export function countingDeliveryRollups(insert: Prisma.Sql, returning: readonly string[]): Prisma.Sql {
  if (provider === "sqlite") return insert;
  const columns = Prisma.raw(returning.map((column) => `"${column}"`).join(", "));
  return Prisma.sql`WITH "inserted" AS (${insert}),
    "hours" AS (
      INSERT INTO "DeliveryHour" ("hour", "eventId", "verdict", "count")
      SELECT ${hourStart("receivedAt")}, coalesce("eventId", ''), "signatureVerdict", COUNT(*) FROM "inserted" GROUP BY 1, 2, 3
      ON CONFLICT ("hour", "eventId", "verdict") DO UPDATE SET "count" = "DeliveryHour"."count" + EXCLUDED."count"
    ),
    "objects" AS (
      INSERT INTO "ObjectHour" ("resourceType", "resourceId", "hour", "count")
      SELECT "resourceType", "resourceId", ${hourStart("receivedAt")}, COUNT(*) FROM "inserted"
      WHERE "resourceType" IS NOT NULL AND "resourceId" IS NOT NULL GROUP BY 1, 2, 3
      ON CONFLICT ("resourceType", "resourceId", "hour") DO UPDATE SET "count" = "ObjectHour"."count" + EXCLUDED."count"
    )
    SELECT ${columns} FROM "inserted"`;
}

/**
 * The start of the hour of a DateTime column, as the column type stores it. SQLite keeps Prisma's
 * DateTime as ISO 8601 text, so the hour is that text with minutes and seconds zeroed, written
 * exactly as Prisma writes an instant.
 */
export function hourStart(column: string): Prisma.Sql {
  if (provider === "postgresql") return Prisma.raw(`date_trunc('hour', "${column}")`);
  return Prisma.raw(`strftime('%Y-%m-%dT%H:00:00.000+00:00', "${column}")`);
}

/**
 * The start of the hour or UTC day of an hour column, for grouping in SQL: a month of hours comes
 * back as 30 rows, not 720. SQLite answers text, PostgreSQL a timestamp; `new Date` reads both.
 */
export function bucketStart(column: string, bucket: "hour" | "day"): Prisma.Sql {
  if (bucket === "hour") return Prisma.raw(`"${column}"`);
  if (provider === "postgresql") return Prisma.raw(`date_trunc('day', "${column}")`);
  return Prisma.raw(`substr("${column}", 1, 10) || 'T00:00:00.000+00:00'`);
}

/** An instant as a parameter compared with a DateTime column: on SQLite, the text Prisma stores. */
export function instantParam(instant: Date): Date | string {
  return provider === "postgresql" ? instant : instant.toISOString().replace("Z", "+00:00");
}

/**
 * A subquery of the `perHour` busiest object-hours of each hour in [from, to) (columns
 * resourceType, resourceId, count): one seek of the (hour, count) index per hour, so its cost
 * follows the hours asked for, never the objects stored. PostgreSQL walks the hours with
 * generate_series and LATERAL; SQLite, which has neither, with a recursive CTE and a correlated
 * IN on rowid.
 */
export function busiestObjectHours(from: Date, to: Date, perHour: number): Prisma.Sql {
  const last = new Date(to.getTime() - 60 * 60 * 1000);
  if (provider === "postgresql") {
    const timestamp = (instant: Date) => instant.toISOString().slice(0, 19).replace("T", " ");
    return Prisma.sql`(
      SELECT "t"."resourceType", "t"."resourceId", "t"."count"
      FROM generate_series(${timestamp(from)}::timestamp, ${timestamp(last)}::timestamp, interval '1 hour') AS "h"("hour")
      CROSS JOIN LATERAL (
        SELECT "resourceType", "resourceId", "count" FROM "ObjectHour"
        WHERE "hour" = "h"."hour" ORDER BY "count" DESC LIMIT ${perHour}
      ) AS "t")`;
  }
  return Prisma.sql`(
    WITH RECURSIVE "h"("hour") AS (
      SELECT ${instantParam(from)}
      UNION ALL
      SELECT strftime('%Y-%m-%dT%H:00:00.000+00:00', "hour", '+1 hour') FROM "h" WHERE "hour" < ${instantParam(last)}
    )
    SELECT "o"."resourceType", "o"."resourceId", "o"."count" FROM "h" JOIN "ObjectHour" AS "o" ON "o".rowid IN (
      SELECT "i".rowid FROM "ObjectHour" AS "i" WHERE "i"."hour" = "h"."hour" ORDER BY "i"."count" DESC LIMIT ${perHour}
    ))`;
}

/**
 * Holds the rollup tables for the rest of a transaction: the receiver's counts wait until a
 * rebuild commits. SQLite needs nothing: the rebuild's first write takes its one write lock.
 */
export async function lockRollupTables(tx: Prisma.TransactionClient): Promise<void> {
  if (provider !== "postgresql") return;
  await tx.$executeRaw`LOCK TABLE "DeliveryHour", "ObjectHour", "FetchHour", "ForwardHour" IN EXCLUSIVE MODE`;
}
