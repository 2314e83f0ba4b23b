import "server-only";
import { DAY_MS, HOUR_MS } from "../insights/hours";
import { resolveDatabaseTarget } from "./database-url";
import { Prisma } from "./prisma";

// What the rollups (lib/insights/rollups.ts) need that the providers spell differently.

const provider = resolveDatabaseTarget().provider;

/** What the receiver's INSERT returns: the row's id, and on PostgreSQL what its rollups count. */
export function deliveryInsertReturning(returning: readonly string[]): string[] {
  if (provider === "sqlite") return [...returning];
  return [...returning, "receivedAt", "eventId", "signatureVerdict", "resourceType", "resourceId"];
}

/** The rollups a delivery counts into, a pair per unit: by event and verdict, and per object. */
export const DELIVERY_ROLLUPS = [
  { unit: "hour", deliveries: "DeliveryHour", objects: "ObjectHour" },
  { unit: "day", deliveries: "DeliveryDay", objects: "ObjectDay" },
] as const;

/**
 * The receiver's batch INSERT (returning deliveryInsertReturning's columns), counting its rows into
 * every DELIVERY_ROLLUPS table in the same statement: a transaction of three statements more than
 * doubled the receiver's answer time (npm run bench:ingest). SQLite counts them by a trigger
 * (migrations delivery_rollup_trigger and daily_rollups). PostgreSQL does it by data-modifying
 * CTEs over the INSERT's RETURNING, since its migrations here cannot hold a PL/pgSQL trigger: the
 * driver adapter splits a migration script at every ";".
 */
export function countingDeliveryRollups(insert: Prisma.Sql, returning: readonly string[]): Prisma.Sql {
  if (provider === "sqlite") return insert;
  const columns = Prisma.raw(returning.map((column) => `"${column}"`).join(", "));
  const counts = DELIVERY_ROLLUPS.flatMap(({ unit, deliveries, objects }) => {
    const start = unit === "hour" ? hourStart("receivedAt") : dayStart("receivedAt");
    const [at, deliveryTable, objectTable] = [unit, deliveries, objects].map((name) => Prisma.raw(`"${name}"`));
    return [
      Prisma.sql`${Prisma.raw(`"counted${deliveries}"`)} AS (
        INSERT INTO ${deliveryTable} (${at}, "eventId", "verdict", "count")
        SELECT ${start}, coalesce("eventId", ''), "signatureVerdict", COUNT(*) FROM "inserted" GROUP BY 1, 2, 3
        ON CONFLICT (${at}, "eventId", "verdict") DO UPDATE SET "count" = ${deliveryTable}."count" + EXCLUDED."count"
      )`,
      Prisma.sql`${Prisma.raw(`"counted${objects}"`)} AS (
        INSERT INTO ${objectTable} ("resourceType", "resourceId", ${at}, "count")
        SELECT "resourceType", "resourceId", ${start}, COUNT(*) FROM "inserted"
        WHERE "resourceType" IS NOT NULL AND "resourceId" IS NOT NULL GROUP BY 1, 2, 3
        ON CONFLICT ("resourceType", "resourceId", ${at}) DO UPDATE SET "count" = ${objectTable}."count" + EXCLUDED."count"
      )`,
    ];
  });
  return Prisma.sql`WITH "inserted" AS (${insert}), ${Prisma.join(counts, ", ")}
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

/** The start of the UTC day of a DateTime column, as the column type stores it (see hourStart). */
export function dayStart(column: string): Prisma.Sql {
  if (provider === "postgresql") return Prisma.raw(`date_trunc('day', "${column}")`);
  return Prisma.raw(`strftime('%Y-%m-%dT00:00:00.000+00:00', "${column}")`);
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

/** The object rollup of each unit: its table and its time column. */
const OBJECT_ROLLUP = {
  hour: { table: "ObjectHour", column: "hour", step: "1 hour", format: "%Y-%m-%dT%H:00:00.000+00:00" },
  day: { table: "ObjectDay", column: "day", step: "1 day", format: "%Y-%m-%dT00:00:00.000+00:00" },
} as const;

/**
 * A subquery of the `perUnit` busiest objects of each hour or UTC day in [from, to) (columns
 * resourceType, resourceId, count), from ObjectHour or ObjectDay: one seek of the (time, count)
 * index per unit, so its cost follows the units asked for, never the objects stored. PostgreSQL
 * walks the units with generate_series and LATERAL; SQLite, which has neither, with a recursive
 * CTE and a correlated IN on rowid.
 */
export function busiestObjectsPer(unit: "hour" | "day", from: Date, to: Date, perUnit: number): Prisma.Sql {
  const { table, column, step, format } = OBJECT_ROLLUP[unit];
  const last = new Date(to.getTime() - (unit === "hour" ? HOUR_MS : DAY_MS));
  if (provider === "postgresql") {
    const timestamp = (instant: Date) => instant.toISOString().slice(0, 19).replace("T", " ");
    return Prisma.sql`(
      SELECT "t"."resourceType", "t"."resourceId", "t"."count"
      FROM generate_series(${timestamp(from)}::timestamp, ${timestamp(last)}::timestamp, ${Prisma.raw(`interval '${step}'`)}) AS "u"("at")
      CROSS JOIN LATERAL (
        SELECT "resourceType", "resourceId", "count" FROM ${Prisma.raw(`"${table}"`)}
        WHERE ${Prisma.raw(`"${column}"`)} = "u"."at" ORDER BY "count" DESC LIMIT ${perUnit}
      ) AS "t")`;
  }
  return Prisma.sql`(
    WITH RECURSIVE "u"("at") AS (
      SELECT ${instantParam(from)}
      UNION ALL
      SELECT strftime(${format}, "at", ${`+${step}`}) FROM "u" WHERE "at" < ${instantParam(last)}
    )
    SELECT "o"."resourceType", "o"."resourceId", "o"."count" FROM "u" JOIN ${Prisma.raw(`"${table}"`)} AS "o" ON "o".rowid IN (
      SELECT "i".rowid FROM ${Prisma.raw(`"${table}"`)} AS "i" WHERE ${Prisma.raw(`"i"."${column}"`)} = "u"."at" ORDER BY "i"."count" DESC LIMIT ${perUnit}
    ))`;
}

/**
 * Holds the rollup tables for the rest of a transaction: the receiver's counts wait until a
 * rebuild commits. SQLite needs nothing: the rebuild's first write takes its one write lock.
 */
export async function lockRollupTables(tx: Prisma.TransactionClient): Promise<void> {
  if (provider !== "postgresql") return;
  await tx.$executeRaw`LOCK TABLE "DeliveryHour", "ObjectHour", "DeliveryDay", "ObjectDay", "FetchHour", "ForwardHour" IN EXCLUSIVE MODE`;
}
