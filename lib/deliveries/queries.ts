import "server-only";
import { db } from "../db/client";
import { insertRows } from "../db/insert-rows";
import { type Delivery, Prisma } from "../db/prisma";
import { countingDeliveryRollups, deliveryInsertReturning } from "../db/rollup-sql";
import { readRawRows } from "../db/row-reader";
import { searchSource } from "../db/text-search";
import { uncountDeliveries } from "../insights/rollups";
import type { SearchTerm } from "./search/terms";

// Every query of the Delivery table, for the receiver, the dashboard, the fetch queue and
// retention alike: what a delivery row holds and which indexes serve it is read here only.

/**
 * Every column the receiver fills. NewDelivery is derived from it, so a field the receiver adds
 * without a column here does not compile.
 */
export const DELIVERY_COLUMNS = [
  "remoteAddress",
  "method",
  "url",
  "headers",
  "rawBody",
  "bodySize",
  "oversized",
  "contentType",
  "bodyFormat",
  "contentTypeSniffed",
  "parseError",
  "payload",
  "eventId",
  "objectId",
  "resourceUrl",
  "resourceType",
  "resourceId",
  "signatureHeader",
  "signatureVerdict",
  "signatureReason",
  "signatureAlgorithm",
  "signatureAlgorithmFrom",
  "signatureSecretIndex",
  "subscriptionId",
  "responseStatus",
  "fingerprint",
  "truncatedFields",
  "storeError",
  "compacted",
] as const satisfies readonly (keyof Prisma.DeliveryUncheckedCreateInput)[];

/** A delivery as the receiver hands it over: every column above, none left to a default. */
export type NewDelivery = Required<Pick<Prisma.DeliveryUncheckedCreateInput, (typeof DELIVERY_COLUMNS)[number]>>;

export interface StoredDelivery {
  id: number;
  duplicateOfId: number | null;
}

export type { Delivery };

/**
 * One INSERT for a batch whose fingerprints are distinct, each row linked to the first earlier
 * delivery with its fingerprint by a subquery on the (fingerprint, id) index.
 */
export async function insertDeliveries(
  deliveries: readonly NewDelivery[],
  receivedAt: Date,
): Promise<StoredDelivery[]> {
  const rows = deliveries.map((delivery) => ({
    ...delivery,
    receivedAt,
    duplicateOfId: Prisma.sql`(SELECT MIN("id") FROM "Delivery" WHERE "fingerprint" = ${delivery.fingerprint})`,
  }));
  // The overview's hourly counts are added by the INSERT itself (lib/db/rollup-sql.ts): one
  // statement, as fast as before the rollups.
  const returning = ["id", "fingerprint", "duplicateOfId"];
  const insert = insertRows(
    "Delivery",
    [...DELIVERY_COLUMNS, "receivedAt", "duplicateOfId"],
    rows,
    deliveryInsertReturning(returning),
  );
  const created = await db.$queryRaw<{ id: number; fingerprint: string; duplicateOfId: number | null }[]>(
    countingDeliveryRollups(insert, returning),
  );
  // Fingerprints are unique within a batch, so they tie each row back to its delivery
  // whatever order RETURNING gives.
  const byFingerprint = new Map(created.map((row) => [row.fingerprint, row]));
  return deliveries.map((delivery) => {
    const row = byFingerprint.get(delivery.fingerprint);
    if (!row) throw new Error("The INSERT returned no row for a delivery of its batch");
    return { id: row.id, duplicateOfId: row.duplicateOfId };
  });
}

/**
 * The newest earlier delivery with the same fingerprint and signature header received since
 * `since`: the same request sent again. Walks the (fingerprint, id) index.
 */
export async function findRecentIdentical(
  delivery: { id: number; fingerprint: string; signatureHeader: string | null },
  since: Date,
): Promise<number | null> {
  const row = await db.delivery.findFirst({
    where: {
      fingerprint: delivery.fingerprint,
      id: { lt: delivery.id },
      receivedAt: { gte: since },
      signatureHeader: delivery.signatureHeader,
    },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** A cheap query over the receiver's index: it loads Prisma's query compiler and opens a connection. */
export async function touchDeliveryTable(): Promise<void> {
  await db.delivery.findFirst({ where: { fingerprint: "" }, select: { id: true } });
}

export function findDelivery(id: number): Promise<Delivery | null> {
  return db.delivery.findUnique({ where: { id } });
}

/** What deciding on a fetch of the delivery's resource takes, and what the snapshot section shows. */
export function findFetchableDelivery(id: number) {
  return db.delivery.findUnique({
    where: { id },
    select: {
      id: true,
      receivedAt: true,
      resourceUrl: true,
      resourceType: true,
      resourceId: true,
      signatureVerdict: true,
    },
  });
}

/**
 * The delivery just before (older) or after (newer) one in the list's order, newest first by
 * (receivedAt, id): ids alone could disagree with the times when two receivers on one database
 * commit out of order. Two range queries rather than one OR, so each walks the (receivedAt, id)
 * index from the right place.
 */
export async function neighbourDeliveryId(
  { id, receivedAt }: Pick<Delivery, "id" | "receivedAt">,
  direction: "previous" | "next",
): Promise<number | null> {
  const beyond = direction === "previous" ? "lt" : "gt";
  const order = direction === "previous" ? "desc" : "asc";
  const sameInstant = await db.delivery.findFirst({
    where: { receivedAt, id: { [beyond]: id } },
    orderBy: { id: order },
    select: { id: true },
  });
  if (sameInstant) return sameInstant.id;
  const beyondInstant = await db.delivery.findFirst({
    where: { receivedAt: { [beyond]: receivedAt } },
    orderBy: [{ receivedAt: order }, { id: order }],
    select: { id: true },
  });
  return beyondInstant?.id ?? null;
}

/** Which deliveries are "the same object": by resource, or by event and object id when there is no resource_url. */
export type ObjectMatch =
  | { kind: "resource"; resourceType: string; resourceId: string }
  | { kind: "event-object"; eventId: string; objectId: string };

const deliverySummary = {
  id: true,
  receivedAt: true,
  eventId: true,
  signatureVerdict: true,
  responseStatus: true,
} as const;

/** The newest deliveries of one object, newest first, without the one given. */
export function findObjectDeliveries(match: ObjectMatch, { except, take }: { except?: number; take: number }) {
  const where: Prisma.DeliveryWhereInput =
    match.kind === "resource"
      ? { resourceType: match.resourceType, resourceId: match.resourceId }
      : { eventId: match.eventId, objectId: match.objectId };
  return db.delivery.findMany({
    where: except === undefined ? where : { ...where, id: { not: except } },
    // By id, not time: the (…, id) indexes then hand over the newest rows without a sort.
    orderBy: { id: "desc" },
    take,
    select: deliverySummary,
  });
}

/** Ids strictly between `above` and `below`. */
export interface IdRange {
  above: number;
  below: number;
}

export const ALL_IDS: IdRange = { above: 0, below: Number.POSITIVE_INFINITY };

/**
 * The ids of the deliveries received inside a time window, or null when none were. Ids are given
 * in arrival order, so the window is one id range and every filter keeps scanning by id instead
 * of sorting the rows of a time range.
 */
export async function idRangeForTimeWindow({ from, to }: { from?: Date; to?: Date }): Promise<IdRange | null> {
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
export async function edgeDeliveryId(order: "asc" | "desc"): Promise<number | undefined> {
  const row = await db.delivery.findFirst({ orderBy: { id: order }, select: { id: true } });
  return row?.id;
}

/** Deliveries with one of these verdicts and an id above `above`; only compacted ones when asked. */
export function countDeliveriesWithVerdicts(
  verdicts: readonly string[],
  above: number,
  { compacted, eventId }: { compacted?: true; eventId?: string | null } = {},
): Promise<number> {
  return db.delivery.count({
    where: { signatureVerdict: { in: [...verdicts] }, id: { gt: above }, compacted, eventId: eventId ?? undefined },
  });
}

/** What the list narrows by; every condition is served by an index of its own (see models.prisma). */
export interface ListConditions {
  above: number;
  below: number;
  eventId?: string;
  resourceType?: string;
  subscriptionId?: string;
  /** Only deliveries a destination gave up on. */
  forwardFailed?: boolean;
  /** Only deliveries whose snapshot fetch failed for good. */
  fetchFailed?: boolean;
  verdicts?: readonly string[];
  /** The terms of the search box (lib/deliveries/search). */
  search?: readonly SearchTerm[];
}

// The list's columns, never the body bytes. Queried with SQL written here because Prisma's
// `contains` can neither search for a literal % or _ on SQLite (it sends LIKE without ESCAPE)
// nor match the indexed search expression on PostgreSQL.
const LIST_COLUMN_NAMES = [
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
  "truncatedFields",
  "storeError",
  "compacted",
] as const;
const LIST_COLUMNS = quotedColumns(LIST_COLUMN_NAMES);

function quotedColumns(names: readonly string[]): Prisma.Sql {
  return Prisma.raw(names.map((column) => `"${column}"`).join(", "));
}

/** The FROM and WHERE of a list query; the search decides whether a text index drives it. */
function listSource(conditions: ListConditions): { from: Prisma.Sql; id: Prisma.Sql; where: Prisma.Sql } {
  const source = searchSource(conditions.search);
  const where: Prisma.Sql[] = [];
  if (conditions.above > 0) where.push(Prisma.sql`${source.id} > ${conditions.above}`);
  if (conditions.below !== Number.POSITIVE_INFINITY) where.push(Prisma.sql`${source.id} < ${conditions.below}`);
  if (conditions.eventId) where.push(Prisma.sql`"eventId" = ${conditions.eventId}`);
  if (conditions.resourceType) where.push(Prisma.sql`"resourceType" = ${conditions.resourceType}`);
  if (conditions.subscriptionId) where.push(Prisma.sql`"subscriptionId" = ${conditions.subscriptionId}`);
  if (conditions.forwardFailed) {
    where.push(Prisma.sql`"Delivery"."id" IN (SELECT "deliveryId" FROM "ForwardJob" WHERE "status" = 'failed')`);
  }
  if (conditions.fetchFailed) {
    where.push(Prisma.sql`"Delivery"."id" IN (SELECT "deliveryId" FROM "FetchJob" WHERE "status" = 'failed')`);
  }
  if (conditions.verdicts) where.push(Prisma.sql`"signatureVerdict" IN (${Prisma.join(conditions.verdicts)})`);
  where.push(...source.conditions);
  return {
    from: source.from,
    id: source.id,
    where: where.length > 0 ? Prisma.join(where, " AND ") : Prisma.sql`1 = 1`,
  };
}

/** True when no index finds the rows the search asks for, so they are read one by one. */
export function searchScans(search: readonly SearchTerm[] | undefined): boolean {
  return searchSource(search).scans;
}

/** Up to `limit` rows of the list's columns that meet the conditions, in id order; untyped, for the caller to check. */
export function selectListRows(conditions: ListConditions, order: "asc" | "desc", limit: number): Promise<unknown[]> {
  const { from, id, where } = listSource(conditions);
  return db.$queryRaw<unknown[]>`
    SELECT ${LIST_COLUMNS} FROM ${from} WHERE ${where}
    ORDER BY ${id} ${Prisma.raw(order === "asc" ? "ASC" : "DESC")} LIMIT ${limit}`;
}

// What an export writes of a delivery: the list's columns and the rest of what the receiver
// stored, but for the parsed payload (the body says it) and the fingerprint (derived from it).
const EXPORT_COLUMN_NAMES = [
  ...LIST_COLUMN_NAMES,
  "signatureAlgorithm",
  "subscriptionId",
  "method",
  "url",
  "remoteAddress",
  "contentType",
  "headers",
  "rawBody",
] as const;
const EXPORT_COLUMNS = quotedColumns(EXPORT_COLUMN_NAMES);

/** A delivery as an export reads it, typed as the columns are declared in models.prisma. */
export interface ExportSourceRow {
  id: number;
  /** ISO 8601, as Date.prototype.toISOString writes it. */
  receivedAt: string;
  eventId: string | null;
  objectId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  resourceUrl: string | null;
  signatureVerdict: string;
  signatureReason: string | null;
  responseStatus: number;
  duplicateOfId: number | null;
  oversized: boolean;
  parseError: string | null;
  bodyFormat: string;
  bodySize: number;
  truncatedFields: string | null;
  storeError: string | null;
  compacted: boolean;
  signatureAlgorithm: string | null;
  subscriptionId: string | null;
  method: string;
  url: string;
  remoteAddress: string | null;
  contentType: string | null;
  /** JSON text of [name, value] pairs, as the receiver wrote it. */
  headers: string;
  rawBody: Uint8Array;
}

/**
 * Up to `limit` rows an export writes that meet the conditions, newest first. Read through the
 * driver (lib/db/row-reader.ts) and typed rather than checked row by row: an export reads a
 * million of them, and either Prisma or a check per row cost more than the read itself
 * (npm run bench:export).
 */
export async function selectExportRows(conditions: ListConditions, limit: number): Promise<ExportSourceRow[]> {
  const { from, id, where } = listSource(conditions);
  const rows = await readRawRows(
    Prisma.sql`SELECT ${EXPORT_COLUMNS} FROM ${from} WHERE ${where} ORDER BY ${id} DESC LIMIT ${limit}`,
  );
  // One literal in EXPORT_COLUMN_NAMES' order: objects built key by key, or copied with spread,
  // cost many times more per row.
  return rows.map(
    (v) =>
      ({
        id: v[0],
        receivedAt: v[1],
        eventId: v[2],
        objectId: v[3],
        resourceType: v[4],
        resourceId: v[5],
        resourceUrl: v[6],
        signatureVerdict: v[7],
        signatureReason: v[8],
        responseStatus: v[9],
        duplicateOfId: v[10],
        oversized: v[11],
        parseError: v[12],
        bodyFormat: v[13],
        bodySize: v[14],
        truncatedFields: v[15],
        storeError: v[16],
        compacted: v[17],
        signatureAlgorithm: v[18],
        subscriptionId: v[19],
        method: v[20],
        url: v[21],
        remoteAddress: v[22],
        contentType: v[23],
        headers: v[24],
        rawBody: v[25],
      }) as ExportSourceRow,
  );
}

/** How many deliveries meet the conditions: what a bulk replay of the list's filters would send. */
export async function countListRows(conditions: ListConditions): Promise<number> {
  const { from, where } = listSource(conditions);
  const [row] = await db.$queryRaw<{ count: bigint | number }[]>`
    SELECT COUNT(*) AS "count" FROM ${from} WHERE ${where}`;
  return Number(row?.count ?? 0);
}

/** The ids of the first `limit` deliveries that meet the conditions, oldest first. */
export async function selectListIds(conditions: ListConditions, limit: number): Promise<number[]> {
  const { from, id, where } = listSource(conditions);
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT "Delivery"."id" AS "id" FROM ${from} WHERE ${where} ORDER BY ${id} ASC LIMIT ${limit}`;
  return rows.map((row) => Number(row.id));
}

/** How many deliveries are stored, and when the oldest of them arrived. */
export async function deliveryTotals(): Promise<{ count: number; oldestAt: Date | null }> {
  const [count, oldest] = await Promise.all([
    db.delivery.count(),
    db.delivery.findFirst({ orderBy: { id: "asc" }, select: { receivedAt: true } }),
  ]);
  return { count, oldestAt: oldest?.receivedAt ?? null };
}

/**
 * Recent deliveries that should have a fetch job and have none: their scheduling was lost with a
 * process. Only what the receiver accepted and did not fail the signature check is ever scheduled.
 */
export function findDeliveriesWithoutFetchJob(since: Date, take: number) {
  return db.delivery.findMany({
    where: {
      receivedAt: { gte: since },
      responseStatus: { lt: 300 },
      signatureVerdict: { notIn: ["invalid", "missing"] },
      fetchJobs: { none: {} },
    },
    orderBy: { id: "asc" },
    take,
    select: { id: true, resourceUrl: true, signatureVerdict: true },
  });
}

/**
 * Deletes up to `batchSize` of the oldest deliveries received before `cutoff`; answers how many
 * were found and how many deleted. Snapshots and fetch jobs go with them (ON DELETE CASCADE).
 */
export async function deleteOldestDeliveriesBefore(
  cutoff: Date,
  batchSize: number,
): Promise<{ found: number; deleted: number }> {
  const batch = await db.delivery.findMany({
    where: { receivedAt: { lt: cutoff } },
    orderBy: { id: "asc" },
    take: batchSize,
    select: { id: true },
  });
  if (batch.length === 0) return { found: 0, deleted: 0 };
  // Only the rows this statement deleted come off the overview's counts: another instance's
  // retention deleting the same batch at the same time takes off the rest.
  const deleted = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      {
        receivedAt: Date | string;
        eventId: string | null;
        signatureVerdict: string;
        resourceType: string | null;
        resourceId: string | null;
      }[]
    >`
      DELETE FROM "Delivery" WHERE "id" IN (${Prisma.join(batch.map(({ id }) => id))})
      RETURNING "receivedAt", "eventId", "signatureVerdict", "resourceType", "resourceId"`;
    await uncountDeliveries(
      tx,
      rows.map((row) => ({ ...row, receivedAt: new Date(row.receivedAt) })),
    );
    return rows.length;
  });
  return { found: batch.length, deleted };
}

/**
 * The deliveries of one subscription: those its secret signed, and those of its event no secret
 * could tie to a subscription (a failed signature names none). `subscriptionId` is null for a
 * subscription made elsewhere, whose deliveries can only be told by their event.
 */
export interface SubscriptionDeliveries {
  subscriptionId: string | null;
  eventId: string;
}

function subscriptionDeliveriesWhere(match: SubscriptionDeliveries, above: number): Prisma.DeliveryWhereInput {
  const unattributed = { subscriptionId: null, eventId: match.eventId, id: { gt: above } };
  if (!match.subscriptionId) return unattributed;
  return {
    OR: [
      { subscriptionId: match.subscriptionId, id: { gt: above } },
      { ...unattributed, signatureVerdict: { not: "valid" } },
    ],
  };
}

/** How many of a subscription's deliveries above an id had each verdict. */
export async function verdictCountsOf(match: SubscriptionDeliveries, above: number): Promise<Record<string, number>> {
  const groups = await db.delivery.groupBy({
    by: ["signatureVerdict"],
    where: subscriptionDeliveriesWhere(match, above),
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((group) => [group.signatureVerdict, group._count._all]));
}

/** When a subscription's last delivery arrived, if one ever did. */
export async function lastDeliveryOf(match: SubscriptionDeliveries): Promise<{ id: number; receivedAt: Date } | null> {
  return db.delivery.findFirst({
    where: subscriptionDeliveriesWhere(match, 0),
    orderBy: { id: "desc" },
    select: { id: true, receivedAt: true },
  });
}

/** The first delivery above an id that a subscription sent for one object: what a dispatch brought. */
export function findDispatchedDelivery(match: SubscriptionDeliveries, objectId: string, above: number) {
  const ofObject = { eventId: match.eventId, objectId, id: { gt: above } };
  return db.delivery.findFirst({
    where: match.subscriptionId
      ? { OR: [{ subscriptionId: match.subscriptionId, objectId, id: { gt: above } }, ofObject] }
      : ofObject,
    orderBy: { id: "asc" },
    select: {
      id: true,
      receivedAt: true,
      signatureVerdict: true,
      signatureReason: true,
      responseStatus: true,
      subscriptionId: true,
    },
  });
}

/**
 * The first delivery above an id that arrived at or after `settledBefore`: forwarding looks only at
 * the ids below it. Instances stamp arrival before they insert, so arrival order and id order can
 * disagree; the settled deliveries are the id prefix before the first unsettled one, never the
 * settled ones beyond it, or a late batch of lower ids would be passed over.
 */
export async function firstUnsettledDeliveryId(above: number, settledBefore: Date): Promise<number | undefined> {
  const row = await db.delivery.findFirst({
    where: { id: { gt: above }, receivedAt: { gte: settledBefore } },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return row?.id;
}

/** Deliveries with ids strictly between `above` and `below`, in id order: those forwarding has not yet looked at. */
export function deliveriesToSchedule(above: number, below: number | undefined, take: number) {
  return db.delivery.findMany({
    where: { id: { gt: above, ...(below !== undefined && { lt: below }) } },
    orderBy: { id: "asc" },
    take,
    select: {
      id: true,
      eventId: true,
      signatureVerdict: true,
      compacted: true,
      oversized: true,
      bodyFormat: true,
    },
  });
}

/** The newest delivery that arrived before `settledBefore`. */
export async function lastDeliveryIdBefore(settledBefore: Date): Promise<number | undefined> {
  const row = await db.delivery.findFirst({
    where: { receivedAt: { lt: settledBefore } },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return row?.id;
}

/** What a forward sends of a delivery: its exact bytes and Accelo's headers. */
export function findForwardPayload(id: number) {
  return db.delivery.findUnique({
    where: { id },
    select: {
      id: true,
      rawBody: true,
      contentType: true,
      eventId: true,
      signatureHeader: true,
      compacted: true,
      oversized: true,
    },
  });
}

/** Deliveries above an id in id order, of some events and verdicts if asked: what the live stream sends next. */
export function findDeliveriesAfter(
  above: number,
  { eventIds, verdicts }: { eventIds?: readonly string[]; verdicts?: readonly string[] },
  take: number,
) {
  return db.delivery.findMany({
    where: {
      id: { gt: above },
      ...(eventIds && { eventId: { in: [...eventIds] } }),
      ...(verdicts && { signatureVerdict: { in: [...verdicts] } }),
    },
    orderBy: { id: "asc" },
    take,
    select: {
      id: true,
      receivedAt: true,
      eventId: true,
      objectId: true,
      resourceType: true,
      resourceId: true,
      signatureVerdict: true,
      signatureHeader: true,
      contentType: true,
      rawBody: true,
      compacted: true,
      oversized: true,
    },
  });
}

/** The signature columns and source of the latest deliveries with these verdicts above an id: an alert's reasons. */
export function recentVerdictSources(verdicts: readonly string[], above: number, take: number, eventId: string | null) {
  return db.delivery.findMany({
    where: { signatureVerdict: { in: [...verdicts] }, id: { gt: above }, eventId: eventId ?? undefined },
    orderBy: { id: "desc" },
    take,
    select: { signatureVerdict: true, signatureReason: true, remoteAddress: true },
  });
}

/** When the last delivery (of one event, or of any) arrived, if one ever did. */
export async function lastDeliveryReceivedAt(eventId: string | null): Promise<Date | null> {
  const row = await db.delivery.findFirst({
    where: eventId === null ? {} : { eventId },
    orderBy: { id: "desc" },
    select: { receivedAt: true },
  });
  return row?.receivedAt ?? null;
}
