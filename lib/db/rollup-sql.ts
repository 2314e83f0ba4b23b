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

/** The units the rollups count by; each table's time column is named for its unit. */
export const ROLLUP_UNITS = ["hour", "day"] as const;
export type RollupUnit = (typeof ROLLUP_UNITS)[number];

/** The rollups a delivery counts into, a pair per unit: by event and verdict, and per object. */
export const DELIVERY_ROLLUPS: Record<RollupUnit, { deliveries: string; objects: string }> = {
  hour: { deliveries: "DeliveryHour", objects: "ObjectHour" },
  day: { deliveries: "DeliveryDay", objects: "ObjectDay" },
};

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
  const counts = ROLLUP_UNITS.flatMap((unit) => {
    const { deliveries, objects } = DELIVERY_ROLLUPS[unit];
    const start = unitStart(unit, "receivedAt");
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
 * SQLite keeps Prisma's DateTime as ISO 8601 text, so a unit's start is that text with the
 * smaller fields zeroed, written exactly as Prisma writes an instant.
 */
const SQLITE_UNIT_FORMAT: Record<RollupUnit, string> = {
  hour: "%Y-%m-%dT%H:00:00.000+00:00",
  day: "%Y-%m-%dT00:00:00.000+00:00",
};

/**
 * The start of the hour or UTC day of a DateTime column, as the column type stores it: what the
 * rollups are keyed by, and how a month of hours is grouped into 30 rows rather than 720. SQLite
 * answers text, PostgreSQL a timestamp; `new Date` reads both. (The migration that made the SQLite
 * trigger calls it hourStart, its name then.)
 */
export function unitStart(unit: RollupUnit, column: string): Prisma.Sql {
  if (provider === "postgresql") return Prisma.raw(`date_trunc('${unit}', "${column}")`);
  return Prisma.raw(`strftime('${SQLITE_UNIT_FORMAT[unit]}', "${column}")`);
}

/** An instant as a parameter compared with a DateTime column: on SQLite, the text Prisma stores. */
export function instantParam(instant: Date): Date | string {
  return provider === "postgresql" ? instant : instant.toISOString().replace("Z", "+00:00");
}

/**
 * A subquery of the `perUnit` busiest objects of each hour or UTC day in [from, to) (columns
 * resourceType, resourceId, count), from ObjectHour or ObjectDay: one seek of the (time, count)
 * index per unit, so its cost follows the units asked for, never the objects stored. PostgreSQL
 * walks the units with generate_series and LATERAL; SQLite, which has neither, with a recursive
 * CTE and a correlated IN on rowid.
 */
export function busiestObjectsPer(unit: RollupUnit, from: Date, to: Date, perUnit: number): Prisma.Sql {
  const table = Prisma.raw(`"${DELIVERY_ROLLUPS[unit].objects}"`);
  const last = new Date(to.getTime() - (unit === "hour" ? HOUR_MS : DAY_MS));
  if (provider === "postgresql") {
    const timestamp = (instant: Date) => instant.toISOString().slice(0, 19).replace("T", " ");
    return Prisma.sql`(
      SELECT "t"."resourceType", "t"."resourceId", "t"."count"
      FROM generate_series(${timestamp(from)}::timestamp, ${timestamp(last)}::timestamp, ${Prisma.raw(`interval '1 ${unit}'`)}) AS "u"("at")
      CROSS JOIN LATERAL (
        SELECT "resourceType", "resourceId", "count" FROM ${table}
        WHERE ${Prisma.raw(`"${unit}"`)} = "u"."at" ORDER BY "count" DESC LIMIT ${perUnit}
      ) AS "t")`;
  }
  return Prisma.sql`(
    WITH RECURSIVE "u"("at") AS (
      SELECT ${instantParam(from)}
      UNION ALL
      SELECT strftime(${SQLITE_UNIT_FORMAT[unit]}, "at", ${`+1 ${unit}`}) FROM "u" WHERE "at" < ${instantParam(last)}
    )
    SELECT "o"."resourceType", "o"."resourceId", "o"."count" FROM "u" JOIN ${table} AS "o" ON "o".rowid IN (
      SELECT "i".rowid FROM ${table} AS "i" WHERE ${Prisma.raw(`"i"."${unit}"`)} = "u"."at" ORDER BY "i"."count" DESC LIMIT ${perUnit}
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
