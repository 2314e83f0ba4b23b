import "server-only";
import { z } from "zod";
import { DomainError } from "../errors";
import { FAILURE_VERDICTS, SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { decodeDeliveryCursor, encodeDeliveryCursor } from "./cursor";
import { type DeliveryFilters, RECENT_FAILURES_FILTERS, resolveTimeWindow, TIME_RANGE_PRESETS } from "./filters";
import {
  countDeliveriesWithVerdicts,
  edgeDeliveryId,
  type IdRange,
  idRangeForTimeWindow,
  type ListConditions,
  searchScans,
  selectListRows,
} from "./queries";
import { type DeliveryListItem, type DeliveryListPage, deliveryListItemSchema, type RecentFailures } from "./schemas";
import { parseSearch } from "./search/parse";
import type { SearchTerm } from "./search/terms";

/**
 * How many deliveries, at most, one search request looks through where no index serves it: plain
 * text under 3 characters (too short for trigrams), or only terms no index covers (headers,
 * wildcards on event or type). Such a match reads rows one by one, so a rare term would read the
 * whole table; bounding the scan keeps every request fast, and the next cursor resumes where it
 * stopped. Measured by `npm run bench:query`.
 */
export const SEARCH_SCAN_WINDOW = 50_000;

/** The terms of the search box; filters parsed by deliveryFiltersSchema have been checked already. */
function searchTerms(q: string | undefined): SearchTerm[] | undefined {
  if (!q) return undefined;
  const parsed = parseSearch(q);
  if (parsed.kind === "error") throw new DomainError("bad_request", parsed.message);
  return parsed.terms;
}

/** The rows one request may scan for this search, or null when an index finds the matches. */
export function searchWindow(q: string | undefined): number | null {
  return q && searchScans(searchTerms(q)) ? SEARCH_SCAN_WINDOW : null;
}

// Raw rows come back typed by the driver; checking them turns receivedAt into the wire's string.
const listRowSchema = deliveryListItemSchema.extend({
  receivedAt: z.date().transform((date) => date.toISOString()),
});

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
  const [count, compacted] = range
    ? await Promise.all([
        countDeliveriesWithVerdicts(FAILURE_VERDICTS, range.above),
        countDeliveriesWithVerdicts(FAILURE_VERDICTS, range.above, { compacted: true }),
      ])
    : [0, 0];
  return { since: since.toISOString(), count, compacted };
}

/** Pages going back in time: the first page, and every "older" cursor. */
async function olderPage(filters: DeliveryFilters, range: IdRange, cursorId?: number): Promise<DeliveryListPage> {
  let below = Math.min(range.below, cursorId ?? Number.POSITIVE_INFINITY);
  let scanAbove = range.above;
  const scanLimit = searchWindow(filters.q);
  if (scanLimit !== null) {
    if (below === Number.POSITIVE_INFINITY) below = ((await edgeDeliveryId("desc")) ?? 0) + 1;
    scanAbove = Math.max(range.above, below - scanLimit - 1);
  }
  const rows = await selectRows(filters, scanAbove, below, "desc");
  const items = rows.slice(0, filters.limit);
  const prevCursor =
    cursorId === undefined ? null : encodeDeliveryCursor({ direction: "newer", id: items[0]?.id ?? cursorId - 1 });
  if (rows.length > filters.limit) {
    return { items, prevCursor, nextCursor: older(items[items.length - 1].id), searchLimited: false };
  }
  const stoppedAtWindow =
    scanAbove > range.above && scanAbove >= ((await edgeDeliveryId("asc")) ?? Number.POSITIVE_INFINITY);
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
  const stoppedAtWindow = scanBelow < range.below && scanBelow <= ((await edgeDeliveryId("desc")) ?? 0);
  if (!stoppedAtWindow) return null;
  const items = rows.reverse();
  return {
    items,
    prevCursor: newer(scanBelow - 1),
    nextCursor: older(items[items.length - 1]?.id ?? above + 1),
    searchLimited: true,
  };
}

/** The list's filters as the conditions of a query over ids strictly between `above` and `below`. */
export function listConditions(filters: DeliveryFilters, above: number, below: number): ListConditions {
  return {
    above,
    below,
    eventId: filters.event,
    subscriptionId: filters.subscription,
    forwardFailed: filters.forward === "failed",
    fetchFailed: filters.fetch === "failed",
    resourceType: filters.type,
    // Every verdict chosen is no filter at all.
    verdicts: filters.verdict && filters.verdict.length < SIGNATURE_VERDICTS.length ? filters.verdict : undefined,
    search: searchTerms(filters.q),
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
  const rows = await selectListRows(listConditions(filters, above, below), order, filters.limit + 1);
  return z.array(listRowSchema).parse(rows);
}

function older(id: number): string {
  return encodeDeliveryCursor({ direction: "older", id });
}

function newer(id: number): string {
  return encodeDeliveryCursor({ direction: "newer", id });
}
