import "server-only";
import { addCounts } from "../db/add-counts";
import { type Db, db } from "../db/client";
import { Prisma } from "../db/prisma";
import {
  busiestObjectsPer,
  DELIVERY_ROLLUPS,
  instantParam,
  lockRollupTables,
  ROLLUP_UNITS,
  type RollupUnit,
  unitStart,
} from "../db/rollup-sql";
import { dayOf, type HourWindow, hourOf, splitIntoDays } from "./hours";

// Every query of the rollup tables (DeliveryHour, ObjectHour, their daily sums DeliveryDay and
// ObjectDay, FetchHour, ForwardHour): the counts the overview reads instead of the tables they
// count. Each is kept by the write it counts, in the same transaction, so a count never disagrees
// with the rows beside it: deliveries by their INSERT itself (lib/db/rollup-sql.ts, so the
// receiver's batch stays one statement), fetches and forward attempts by the statement written
// beside theirs.

/** What a delivery contributes to the rollups. */
export interface CountedDelivery {
  receivedAt: Date;
  eventId: string | null;
  signatureVerdict: string;
  resourceType: string | null;
  resourceId: string | null;
}

interface Keyed {
  key: string;
  count: number;
}

/** Rows with equal keys merged into one, in key order (see addCounts). */
function merge<Row extends Keyed>(rows: readonly Row[]): Row[] {
  const merged = new Map<string, Row>();
  for (const row of rows) {
    const found = merged.get(row.key);
    if (found) found.count += row.count;
    else merged.set(row.key, { ...row });
  }
  return [...merged.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The rows that take deleted deliveries off one unit's delivery and object rollups: a count of -1
 * each, merged per key. (Stored deliveries are counted by their INSERT, lib/db/rollup-sql.ts.)
 */
function uncountedRows(deliveries: readonly CountedDelivery[], unit: RollupUnit) {
  const unitOf = unit === "hour" ? hourOf : dayOf;
  const deliveryRows = merge(
    deliveries.map((delivery) => {
      const at = unitOf(delivery.receivedAt);
      const eventId = delivery.eventId ?? "";
      return {
        key: `${at.toISOString()}\u0000${eventId}\u0000${delivery.signatureVerdict}`,
        [unit]: at,
        eventId,
        verdict: delivery.signatureVerdict,
        count: -1,
      };
    }),
  );
  const objectRows = merge(
    deliveries.flatMap(({ receivedAt, resourceType, resourceId }) => {
      if (resourceType === null || resourceId === null) return [];
      const at = unitOf(receivedAt);
      return [
        {
          key: `${resourceType}\u0000${resourceId}\u0000${at.toISOString()}`,
          [unit]: at,
          resourceType,
          resourceId,
          count: -1,
        },
      ];
    }),
  );
  const times = [...new Set(deliveries.map(({ receivedAt }) => unitOf(receivedAt).getTime()))].map(
    (time) => new Date(time),
  );
  return { deliveryRows, objectRows, times };
}

/** Drops a rollup's rows that reached zero among the hours or days just uncounted. */
function dropEmptyRows(table: string, unit: RollupUnit, times: readonly Date[]): Prisma.Sql {
  return Prisma.sql`DELETE FROM ${Prisma.raw(`"${table}"`)}
    WHERE ${Prisma.raw(`"${unit}"`)} IN (${Prisma.join(times.map(instantParam))}) AND "count" <= 0`;
}

/**
 * Takes deleted deliveries off the rollups, inside the transaction that deleted them, and drops
 * the rows that reach zero so that the rollups hold no more rows than there are hours (and days)
 * with deliveries.
 */
export async function uncountDeliveries(tx: Prisma.TransactionClient, deleted: readonly CountedDelivery[]) {
  if (deleted.length === 0) return;
  for (const unit of ROLLUP_UNITS) {
    const { deliveries, objects } = DELIVERY_ROLLUPS[unit];
    const { deliveryRows, objectRows, times } = uncountedRows(deleted, unit);
    const uncount: [table: string, keys: string[], rows: readonly (Keyed & Record<string, unknown>)[]][] = [
      [deliveries, [unit, "eventId", "verdict"], deliveryRows],
      [objects, ["resourceType", "resourceId", unit], objectRows],
    ];
    for (const [table, keys, rows] of uncount) {
      if (rows.length === 0) continue;
      await tx.$executeRaw(addCounts(table, keys, rows));
      await tx.$executeRaw(dropEmptyRows(table, unit, times));
    }
  }
}

/** The statement that counts one snapshot fetch: "ok", or its error code. */
export function countFetch(fetchedAt: Date, error: string | null | undefined): Prisma.Sql {
  return addCounts("FetchHour", ["hour", "outcome"], [{ hour: hourOf(fetchedAt), outcome: error ?? "ok", count: 1 }]);
}

/** Whether a forward attempt counts as a success: answered 2xx, as the Destinations page counts it. */
function forwardOutcome(httpStatus: number | null): "ok" | "failed" {
  return httpStatus !== null && httpStatus >= 200 && httpStatus < 300 ? "ok" : "failed";
}

/** The statement that counts one forward attempt. */
export function countForwardAttempt(startedAt: Date, destinationId: number, httpStatus: number | null): Prisma.Sql {
  return addCounts(
    "ForwardHour",
    ["hour", "destinationId", "outcome"],
    [{ hour: hourOf(startedAt), destinationId, outcome: forwardOutcome(httpStatus), count: 1 }],
  );
}

/**
 * Fetch and forward counts of hours wholly before `before`. Those rollups count work done, which
 * stays done when retention deletes the rows it was done for, so they are kept as long as the
 * deliveries of their hours and then dropped with them.
 */
export async function dropWorkCountsBefore(before: Date): Promise<void> {
  const hour = hourOf(before);
  await db.$transaction([
    db.fetchHour.deleteMany({ where: { hour: { lt: hour } } }),
    db.forwardHour.deleteMany({ where: { hour: { lt: hour } } }),
  ]);
}

const inWindow = ({ from, to }: HourWindow) => ({ hour: { gte: from, lt: to } });

/** A window and how its hours are grouped: by hour, or by UTC day (the first day cut at `from`). */
export interface BucketedWindow extends HourWindow {
  bucket: "hour" | "day";
}

interface CountRow {
  bucket: Date | string;
  verdict: string;
  eventId: string | null;
  count: bigint | number;
}

/** The rows of one delivery rollup in [from, to), with the bucket each falls in. */
function deliveryCounts(unit: RollupUnit, { from, to }: HourWindow, bucket: RollupUnit, event: Prisma.Sql) {
  const table = Prisma.raw(`"${DELIVERY_ROLLUPS[unit].deliveries}"`);
  const at = Prisma.raw(`"${unit}"`);
  // A day's rows are already keyed by their bucket.
  const start = unit === bucket ? at : unitStart(bucket, unit);
  return Prisma.sql`SELECT ${start} AS "bucket", ${event} AS "eventId", "verdict", "count"
    FROM ${table} WHERE ${at} >= ${instantParam(from)} AND ${at} < ${instantParam(to)}`;
}

/**
 * Deliveries per bucket and verdict, and per event too when `byEvent` ("" for none), summed in
 * SQL so a month comes back as a row per day and key, both figures from one pass. A window drawn
 * by day reads its whole days from DeliveryDay and only the hours at its ends from DeliveryHour.
 * Read with SQL of our own: Prisma's groupBy cannot group by a day.
 */
export async function deliveriesByBucket(window: BucketedWindow, { byEvent }: { byEvent: boolean }) {
  const event = byEvent ? Prisma.sql`"eventId"` : Prisma.sql`NULL`;
  const { days, hours } = window.bucket === "day" ? splitIntoDays(window) : { days: null, hours: [window] };
  const parts = [
    ...(days ? [deliveryCounts("day", days, "day", event)] : []),
    ...hours.map((part) => deliveryCounts("hour", part, window.bucket, event)),
  ];
  const rows = await db.$queryRaw<CountRow[]>`
    SELECT "bucket", "eventId", "verdict", SUM("count") AS "count"
    FROM (${Prisma.join(parts, " UNION ALL ")}) AS "counted"
    GROUP BY 1, 2, 3`;
  return rows.map((row) => ({
    bucket: new Date(row.bucket),
    eventId: row.eventId,
    verdict: row.verdict,
    count: Number(row.count),
  }));
}

/** Snapshot fetches per hour and outcome. */
export function fetchesByHour(window: HourWindow) {
  return db.fetchHour.findMany({ where: inWindow(window), select: { hour: true, outcome: true, count: true } });
}

/** Forward attempts per destination and outcome. */
export async function forwardsByDestination(window: HourWindow) {
  const rows = await db.forwardHour.groupBy({
    by: ["destinationId", "outcome"],
    where: inWindow(window),
    _sum: { count: true },
  });
  return rows.map((row) => ({ destinationId: row.destinationId, outcome: row.outcome, count: row._sum.count ?? 0 }));
}

/**
 * Each hour's and each day's busiest objects that are candidates for the range's busiest. A day
 * offers twice the ten the overview shows: the index gives equal counts in no particular order,
 * and the margin lets ties at the tenth place be settled by name, as a count of the rows would.
 */
const BUSIEST_PER_HOUR = 3;
const BUSIEST_PER_DAY = 20;
/** Of those, how many of the busiest object-hours (and as many object-days) name the candidates. */
const BUSIEST_CANDIDATES = 200;

/**
 * The objects with the most deliveries in the window, each counted exactly. The candidates are
 * the objects of the window's busiest object-days among each whole day's twenty busiest, and of its
 * busiest object-hours among each remaining hour's three busiest, read with one index seek per
 * day or hour (lib/db/rollup-sql.ts), so the cost follows the days and hours shown whatever the
 * number of objects stored. An object that came steadily without ever being among a day's or an
 * hour's busiest can be left out.
 */
export async function busiestObjects(window: HourWindow, take: number) {
  const rows = await db.$queryRaw<{ resourceType: string; resourceId: string; count: bigint | number }[]>(
    busiestObjectsQuery(window, take),
  );
  return rows.map((row) => ({ resourceType: row.resourceType, resourceId: row.resourceId, count: Number(row.count) }));
}

/** A candidate's deliveries in one part of the window: a seek of its table's key. */
function candidateCount(unit: RollupUnit, { from, to }: HourWindow): Prisma.Sql {
  const table = Prisma.raw(`"${DELIVERY_ROLLUPS[unit].objects}"`);
  const column = Prisma.raw(`"o"."${unit}"`);
  return Prisma.sql`coalesce((
      SELECT SUM("o"."count") FROM ${table} AS "o"
      WHERE "o"."resourceType" = "c"."resourceType" AND "o"."resourceId" = "c"."resourceId"
        AND ${column} >= ${instantParam(from)} AND ${column} < ${instantParam(to)}
    ), 0)`;
}

/**
 * busiestObjects' SQL. Each candidate's sum is a subquery of its own per part of the window, one
 * seek of the key per candidate: written as a join, SQLite chose to scan all of ObjectHour (118 ms
 * at 1M deliveries, growing with every object stored) against an index it built on the candidates.
 */
export function busiestObjectsQuery(window: HourWindow, take: number): Prisma.Sql {
  const { days, hours } = splitIntoDays(window);
  const busiest = [
    ...(days ? [{ unit: "day" as const, part: days, perUnit: BUSIEST_PER_DAY }] : []),
    ...hours.map((part) => ({ unit: "hour" as const, part, perUnit: BUSIEST_PER_HOUR })),
  ];
  const candidates = busiest.map(
    ({ unit, part, perUnit }) => Prisma.sql`SELECT * FROM (
        SELECT "resourceType", "resourceId" FROM ${busiestObjectsPer(unit, part.from, part.to, perUnit)} AS "b"
        ORDER BY "count" DESC LIMIT ${BUSIEST_CANDIDATES}
      ) AS ${Prisma.raw(`"${unit}${part.from.getTime()}"`)}`,
  );
  const counts = busiest.map(({ unit, part }) => candidateCount(unit, part));
  return Prisma.sql`
    WITH "candidate" AS (
      SELECT DISTINCT "resourceType", "resourceId" FROM (${Prisma.join(candidates, " UNION ALL ")}) AS "busiest"
    )
    SELECT "c"."resourceType", "c"."resourceId", ${Prisma.join(counts, " + ")} AS "count"
    FROM "candidate" AS "c"
    ORDER BY 3 DESC, 1, 2 LIMIT ${take}`;
}

/** Set once the rollups have been built from the rows stored before they existed. */
const BUILT_SETTING = "insights.rollupsBuilt";

/**
 * Counts every stored delivery, snapshot and forward attempt into the rollups afresh, in one
 * transaction that holds the rollup tables (lib/db/rollup-sql.ts): a delivery written meanwhile
 * is counted by its own transaction once this one commits, never twice. Idempotent.
 */
async function rebuildIn(tx: Prisma.TransactionClient): Promise<void> {
  await lockRollupTables(tx);
  await tx.deliveryHour.deleteMany();
  await tx.objectHour.deleteMany();
  await tx.deliveryDay.deleteMany();
  await tx.objectDay.deleteMany();
  await tx.fetchHour.deleteMany();
  await tx.forwardHour.deleteMany();
  await tx.$executeRaw`INSERT INTO "DeliveryHour" ("hour", "eventId", "verdict", "count")
    SELECT ${unitStart("hour", "receivedAt")}, coalesce("eventId", ''), "signatureVerdict", COUNT(*)
    FROM "Delivery" GROUP BY 1, 2, 3`;
  await tx.$executeRaw`INSERT INTO "ObjectHour" ("resourceType", "resourceId", "hour", "count")
    SELECT "resourceType", "resourceId", ${unitStart("hour", "receivedAt")}, COUNT(*)
    FROM "Delivery" WHERE "resourceType" IS NOT NULL AND "resourceId" IS NOT NULL GROUP BY 1, 2, 3`;
  // The daily sums from the hourly ones: a 24th of the rows to read.
  await tx.$executeRaw`INSERT INTO "DeliveryDay" ("day", "eventId", "verdict", "count")
    SELECT ${unitStart("day", "hour")}, "eventId", "verdict", SUM("count") FROM "DeliveryHour" GROUP BY 1, 2, 3`;
  await tx.$executeRaw`INSERT INTO "ObjectDay" ("resourceType", "resourceId", "day", "count")
    SELECT "resourceType", "resourceId", ${unitStart("day", "hour")}, SUM("count") FROM "ObjectHour" GROUP BY 1, 2, 3`;
  await tx.$executeRaw`INSERT INTO "FetchHour" ("hour", "outcome", "count")
    SELECT ${unitStart("hour", "fetchedAt")}, coalesce("error", 'ok'), COUNT(*) FROM "Snapshot" GROUP BY 1, 2`;
  // The outcome as forwardOutcome tells it.
  await tx.$executeRaw`INSERT INTO "ForwardHour" ("hour", "destinationId", "outcome", "count")
    SELECT ${unitStart("hour", "startedAt")}, "destinationId",
      CASE WHEN "httpStatus" >= 200 AND "httpStatus" < 300 THEN 'ok' ELSE 'failed' END, COUNT(*)
    FROM "ForwardAttempt" GROUP BY 1, 2, 3`;
}

/** A rebuild reads every row once: minutes over tens of millions, far past Prisma's 5 s default. */
const REBUILD_TIMEOUT_MS = 60 * 60 * 1000;

/** Rebuilds the rollups from the tables they count (the benchmarks' seeding, a repair). */
export async function rebuildRollups(client: Db = db): Promise<void> {
  await client.$transaction((tx) => rebuildIn(tx), { timeout: REBUILD_TIMEOUT_MS, maxWait: REBUILD_TIMEOUT_MS });
}

/**
 * At start-up: builds the rollups from what was stored before they existed, once per database.
 * Answers whether it did.
 */
export async function buildRollupsOnce(client: Db = db): Promise<boolean> {
  const built = () => client.setting.findUnique({ where: { key: BUILT_SETTING }, select: { key: true } });
  if (await built()) return false;
  return client.$transaction(
    async (tx) => {
      await lockRollupTables(tx);
      // Another instance may have built them while this one waited for the lock.
      if (await tx.setting.findUnique({ where: { key: BUILT_SETTING }, select: { key: true } })) return false;
      await rebuildIn(tx);
      await tx.setting.create({ data: { key: BUILT_SETTING, value: new Date().toISOString() } });
      return true;
    },
    { timeout: REBUILD_TIMEOUT_MS, maxWait: REBUILD_TIMEOUT_MS },
  );
}
