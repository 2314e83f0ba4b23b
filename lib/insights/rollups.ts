import "server-only";
import { addCounts } from "../db/add-counts";
import { type Db, db } from "../db/client";
import { Prisma } from "../db/prisma";
import { bucketStart, busiestObjectHours, hourStart, instantParam, lockRollupTables } from "../db/rollup-sql";
import { hourOf } from "./hours";

// Every query of the rollup tables (DeliveryHour, ObjectHour, FetchHour, ForwardHour): the counts
// the overview reads instead of the tables they count. Each is kept by the write it counts, in
// the same transaction, so a count never disagrees with the rows beside it: deliveries by their
// INSERT itself (lib/db/rollup-sql.ts, so the receiver's batch stays one statement),
// fetches and forward attempts by the statement written beside theirs.

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
 * The rows that take deleted deliveries off DeliveryHour and ObjectHour: a count of -1 each,
 * merged per key. (Stored deliveries are counted by their INSERT, lib/db/rollup-sql.ts.)
 */
function uncountedRows(deliveries: readonly CountedDelivery[]) {
  const hours = merge(
    deliveries.map((delivery) => {
      const hour = hourOf(delivery.receivedAt);
      const eventId = delivery.eventId ?? "";
      return {
        key: `${hour.toISOString()}\u0000${eventId}\u0000${delivery.signatureVerdict}`,
        hour,
        eventId,
        verdict: delivery.signatureVerdict,
        count: -1,
      };
    }),
  );
  const objects = merge(
    deliveries.flatMap(({ receivedAt, resourceType, resourceId }) => {
      if (resourceType === null || resourceId === null) return [];
      const hour = hourOf(receivedAt);
      return [
        {
          key: `${resourceType}\u0000${resourceId}\u0000${hour.toISOString()}`,
          hour,
          resourceType,
          resourceId,
          count: -1,
        },
      ];
    }),
  );
  return { hours, objects };
}

/**
 * Takes deleted deliveries off the rollups, inside the transaction that deleted them, and drops
 * the rows that reach zero so that the rollups hold no more rows than there are hours with deliveries.
 */
export async function uncountDeliveries(tx: Prisma.TransactionClient, deleted: readonly CountedDelivery[]) {
  const { hours, objects } = uncountedRows(deleted);
  if (hours.length > 0) {
    await tx.$executeRaw(addCounts("DeliveryHour", ["hour", "eventId", "verdict"], hours));
    await tx.deliveryHour.deleteMany({
      where: { count: { lte: 0 }, OR: hours.map(({ hour, eventId, verdict }) => ({ hour, eventId, verdict })) },
    });
  }
  if (objects.length > 0) {
    await tx.$executeRaw(addCounts("ObjectHour", ["resourceType", "resourceId", "hour"], objects));
    await tx.objectHour.deleteMany({
      where: {
        count: { lte: 0 },
        OR: objects.map(({ hour, resourceType, resourceId }) => ({ hour, resourceType, resourceId })),
      },
    });
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

export interface HourWindow {
  /** Inclusive, at an hour's start. */
  from: Date;
  /** Exclusive, at an hour's start. */
  to: Date;
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

/**
 * Deliveries per bucket and verdict, and per event too when `byEvent` ("" for none), summed in
 * SQL so a month comes back as a row per day and key, both figures from one pass. Read with SQL
 * of our own: Prisma's groupBy cannot group by a day.
 */
export async function deliveriesByBucket(window: BucketedWindow, { byEvent }: { byEvent: boolean }) {
  const bucket = bucketStart("hour", window.bucket);
  const event = byEvent ? Prisma.sql`"eventId"` : Prisma.sql`NULL`;
  const rows = await db.$queryRaw<CountRow[]>`
    SELECT ${bucket} AS "bucket", ${event} AS "eventId", "verdict", SUM("count") AS "count"
    FROM "DeliveryHour"
    WHERE "hour" >= ${instantParam(window.from)} AND "hour" < ${instantParam(window.to)}
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

/** Each hour's busiest objects that are candidates for the range's busiest. */
const BUSIEST_PER_HOUR = 3;
/** Of those, how many of the busiest object-hours name the candidates. */
const BUSIEST_CANDIDATE_HOURS = 200;

/**
 * The objects with the most deliveries in the window, each counted exactly. The candidates are
 * the objects of the window's busiest object-hours among each hour's three busiest, read with one
 * index seek per hour (lib/db/rollup-sql.ts), so the cost follows the hours shown whatever the
 * number of objects stored. An object that came steadily without ever being among an hour's
 * busiest can be left out.
 */
export async function busiestObjects(window: HourWindow, take: number) {
  const rows = await db.$queryRaw<{ resourceType: string; resourceId: string; count: bigint | number }[]>(
    busiestObjectsQuery(window, take),
  );
  return rows.map((row) => ({ resourceType: row.resourceType, resourceId: row.resourceId, count: Number(row.count) }));
}

/**
 * busiestObjects' SQL. Each candidate's sum is a subquery of its own, one seek of ObjectHour's key
 * per candidate: written as a join, SQLite chose to scan all of ObjectHour (118 ms at 1M
 * deliveries, growing with every object stored) against an index it built on the candidates.
 */
export function busiestObjectsQuery(window: HourWindow, take: number): Prisma.Sql {
  return Prisma.sql`
    WITH "candidate" AS (
      SELECT DISTINCT "resourceType", "resourceId" FROM (
        SELECT "resourceType", "resourceId" FROM ${busiestObjectHours(window.from, window.to, BUSIEST_PER_HOUR)} AS "b"
        ORDER BY "count" DESC LIMIT ${BUSIEST_CANDIDATE_HOURS}
      ) AS "busiest"
    )
    SELECT "c"."resourceType", "c"."resourceId", (
      SELECT SUM("o"."count") FROM "ObjectHour" AS "o"
      WHERE "o"."resourceType" = "c"."resourceType" AND "o"."resourceId" = "c"."resourceId"
        AND "o"."hour" >= ${instantParam(window.from)} AND "o"."hour" < ${instantParam(window.to)}
    ) AS "count"
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
  await tx.fetchHour.deleteMany();
  await tx.forwardHour.deleteMany();
  await tx.$executeRaw`INSERT INTO "DeliveryHour" ("hour", "eventId", "verdict", "count")
    SELECT ${hourStart("receivedAt")}, coalesce("eventId", ''), "signatureVerdict", COUNT(*)
    FROM "Delivery" GROUP BY 1, 2, 3`;
  await tx.$executeRaw`INSERT INTO "ObjectHour" ("resourceType", "resourceId", "hour", "count")
    SELECT "resourceType", "resourceId", ${hourStart("receivedAt")}, COUNT(*)
    FROM "Delivery" WHERE "resourceType" IS NOT NULL AND "resourceId" IS NOT NULL GROUP BY 1, 2, 3`;
  await tx.$executeRaw`INSERT INTO "FetchHour" ("hour", "outcome", "count")
    SELECT ${hourStart("fetchedAt")}, coalesce("error", 'ok'), COUNT(*) FROM "Snapshot" GROUP BY 1, 2`;
  // The outcome as forwardOutcome tells it.
  await tx.$executeRaw`INSERT INTO "ForwardHour" ("hour", "destinationId", "outcome", "count")
    SELECT ${hourStart("startedAt")}, "destinationId",
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
