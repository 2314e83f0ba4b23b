import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { resolveDatabaseTarget } from "../db/database-url";
import { Prisma } from "../db/generated/sqlite/client";
import { FAILURE_VERDICTS, SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { decodeDeliveryCursor, encodeDeliveryCursor } from "./cursor";
import { type DeliveryFilters, RECENT_FAILURES_FILTERS, resolveTimeWindow, TIME_RANGE_PRESETS } from "./filters";
import { type DeliveryListItem, type DeliveryListPage, deliveryListItemSchema, type RecentFailures } from "./schemas";

/**
 * How many deliveries, at most, one text search request looks through where no index serves it:
 * always on SQLite, and on PostgreSQL for terms under 3 characters (too short for trigrams). A
 * substring match there reads rows one by one, so a rare term would read the whole table;
 * bounding the scan keeps every request fast, and the next cursor resumes where it stopped.
 * Measured by `npm run bench:query`.
 */
export const SEARCH_SCAN_WINDOW = 50_000;

const provider = resolveDatabaseTarget().provider;

/**
 * The text search over object id, resource URL and parsed body, for a LIKE pattern. PostgreSQL
 * matches them joined into one string, the expression its trigram index covers (migration
 * delivery_text_search_trigram), so that must stay character for character the same. SQLite has
 * no such index and scans; three LIKEs cost it half the CPU of building the joined string per row
 * (and its LIKE already ignores ASCII case).
 */
function matchesText(pattern: string): Prisma.Sql {
  if (provider === "postgresql") {
    return Prisma.sql`(coalesce("objectId", '') || ' ' || coalesce("resourceUrl", '') || ' ' || coalesce("payload", '')) ILIKE ${pattern} ESCAPE '\\'`;
  }
  return Prisma.sql`("objectId" LIKE ${pattern} ESCAPE '\\' OR "resourceUrl" LIKE ${pattern} ESCAPE '\\' OR "payload" LIKE ${pattern} ESCAPE '\\')`;
}

/** The rows one request may scan for this search, or null when an index finds the matches. */
function searchWindow(q: string | undefined): number | null {
  if (!q) return null;
  return provider === "postgresql" && q.length >= 3 ? null : SEARCH_SCAN_WINDOW;
}

// The list's columns, never the body bytes. Queried with SQL written here because Prisma's
// `contains` can neither search for a literal % or _ on SQLite (it sends LIKE without ESCAPE)
// nor match the indexed search expression on PostgreSQL.
const LIST_COLUMNS = Prisma.raw(
  [
    "id",
    "receivedAt",
    "eventId",
    "objectId",
    "resourceType",
    "resourceId",
    "resourceUrl",
    "signatureVerdict",
    "signatureReason",
    "responseStatus",
    "duplicateOfId",
    "oversized",
    "parseError",
    "bodyFormat",
    "bodySize",
  ]
    .map((column) => `"${column}"`)
    .join(", "),
);

// Raw rows come back typed by the driver; checking them turns receivedAt into the wire's string.
const listRowSchema = deliveryListItemSchema.extend({
  receivedAt: z.date().transform((date) => date.toISOString()),
});

/** Ids strictly between `above` and `below`. */
interface IdRange {
  above: number;
  below: number;
}

const ALL_IDS: IdRange = { above: 0, below: Number.POSITIVE_INFINITY };

/**
 * The page of deliveries the filters and cursor describe, newest first. Keyset pagination on the
 * id, which grows in arrival order: every page is an index range scan, however deep.
 */
export async function listDeliveries(filters: DeliveryFilters, now = new Date()): Promise<DeliveryListPage> {
  const range = await idRangeForTimeWindow(resolveTimeWindow(filters, now));
  if (!range) return { items: [], nextCursor: null, prevCursor: null, searchLimited: false };
  const cursor = filters.cursor ? decodeDeliveryCursor(filters.cursor) : null;
  if (cursor?.direction === "newer") {
    const page = await newerPage(filters, range, cursor.id);
    if (page) return page;
  }
  return olderPage(filters, range, cursor?.direction === "older" ? cursor.id : undefined);
}

/** Invalid and missing signatures received since `since` (24 hours ago): the list's banner. */
export async function countRecentFailures(
  since = new Date(Date.now() - TIME_RANGE_PRESETS[RECENT_FAILURES_FILTERS.range]),
): Promise<RecentFailures> {
  const range = await idRangeForTimeWindow({ from: since });
  const count = range
    ? await db.delivery.count({
        where: { signatureVerdict: { in: [...FAILURE_VERDICTS] }, id: { gt: range.above } },
      })
    : 0;
  return { since: since.toISOString(), count };
}

/** Pages going back in time: the first page, and every "older" cursor. */
async function olderPage(filters: DeliveryFilters, range: IdRange, cursorId?: number): Promise<DeliveryListPage> {
  let below = Math.min(range.below, cursorId ?? Number.POSITIVE_INFINITY);
  let scanAbove = range.above;
  const scanLimit = searchWindow(filters.q);
  if (scanLimit !== null) {
    if (below === Number.POSITIVE_INFINITY) below = ((await edgeId("desc")) ?? 0) + 1;
    scanAbove = Math.max(range.above, below - scanLimit - 1);
  }
  const rows = await selectRows(filters, scanAbove, below, "desc");
  const items = rows.slice(0, filters.limit);
  const prevCursor =
    cursorId === undefined ? null : encodeDeliveryCursor({ direction: "newer", id: items[0]?.id ?? cursorId - 1 });
  if (rows.length > filters.limit) {
    return { items, prevCursor, nextCursor: older(items[items.length - 1].id), searchLimited: false };
  }
  const stoppedAtWindow = scanAbove > range.above && scanAbove >= ((await edgeId("asc")) ?? Number.POSITIVE_INFINITY);
  return {
    items,
    prevCursor,
    nextCursor: stoppedAtWindow ? older(scanAbove + 1) : null,
    searchLimited: stoppedAtWindow,
  };
}

/**
 * The page just newer than `cursorId`, or null when fewer than a page of newer deliveries exist:
 * then the newest page is the one to show, so "Newer" always lands on a full page.
 */
async function newerPage(filters: DeliveryFilters, range: IdRange, cursorId: number): Promise<DeliveryListPage | null> {
  const above = Math.max(range.above, cursorId);
  const scanLimit = searchWindow(filters.q);
  const scanBelow = scanLimit === null ? range.below : Math.min(range.below, above + scanLimit + 1);
  const rows = await selectRows(filters, above, scanBelow, "asc");
  if (rows.length > filters.limit) {
    const items = rows.slice(0, filters.limit).reverse();
    return {
      items,
      prevCursor: newer(items[0].id),
      nextCursor: older(items[items.length - 1].id),
      searchLimited: false,
    };
  }
  const stoppedAtWindow = scanBelow < range.below && scanBelow <= ((await edgeId("desc")) ?? 0);
  if (!stoppedAtWindow) return null;
  const items = rows.reverse();
  return {
    items,
    prevCursor: newer(scanBelow - 1),
    nextCursor: older(items[items.length - 1]?.id ?? above + 1),
    searchLimited: true,
  };
}

/**
 * Up to limit + 1 rows matching the filters with ids strictly between `above` and `below`, in id
 * order: one more than a page tells whether another page follows.
 */
async function selectRows(
  filters: DeliveryFilters,
  above: number,
  below: number,
  order: "asc" | "desc",
): Promise<DeliveryListItem[]> {
  const conditions: Prisma.Sql[] = [];
  if (above > 0) conditions.push(Prisma.sql`"id" > ${above}`);
  if (below !== Number.POSITIVE_INFINITY) conditions.push(Prisma.sql`"id" < ${below}`);
  if (filters.event) conditions.push(Prisma.sql`"eventId" = ${filters.event}`);
  if (filters.type) conditions.push(Prisma.sql`"resourceType" = ${filters.type}`);
  if (filters.verdict && filters.verdict.length < SIGNATURE_VERDICTS.length) {
    conditions.push(Prisma.sql`"signatureVerdict" IN (${Prisma.join(filters.verdict)})`);
  }
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(matchesText(pattern));
  }
  const where = conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`1 = 1`;
  const rows = await db.$queryRaw<unknown[]>`
    SELECT ${LIST_COLUMNS} FROM "Delivery" WHERE ${where}
    ORDER BY "id" ${Prisma.raw(order === "asc" ? "ASC" : "DESC")} LIMIT ${filters.limit + 1}`;
  return z.array(listRowSchema).parse(rows);
}

/**
 * The ids of the deliveries received inside a time window, or null when none were. Ids are given
 * in arrival order, so the window is one id range and every filter keeps scanning by id instead
 * of sorting the rows of a time range.
 */
async function idRangeForTimeWindow({ from, to }: { from?: Date; to?: Date }): Promise<IdRange | null> {
  if (!from && !to) return ALL_IDS;
  const [first, last] = await Promise.all([
    from &&
      db.delivery.findFirst({
        where: { receivedAt: { gte: from } },
        orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
        select: { id: true },
      }),
    to &&
      db.delivery.findFirst({
        where: { receivedAt: { lt: to } },
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        select: { id: true },
      }),
  ]);
  if (first === null || last === null) return null;
  const range = { above: first ? first.id - 1 : 0, below: last ? last.id + 1 : Number.POSITIVE_INFINITY };
  return range.above < range.below - 1 ? range : null;
}

/** The lowest or highest id stored. */
async function edgeId(order: "asc" | "desc"): Promise<number | undefined> {
  const row = await db.delivery.findFirst({ orderBy: { id: order }, select: { id: true } });
  return row?.id;
}

function older(id: number): string {
  return encodeDeliveryCursor({ direction: "older", id });
}

function newer(id: number): string {
  return encodeDeliveryCursor({ direction: "newer", id });
}
