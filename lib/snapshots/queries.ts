import "server-only";
import { db } from "../db/client";
import type { Prisma, Snapshot } from "../db/prisma";
import { countFetch } from "../insights/rollups";
import type { ResourceKey } from "./schemas";

// Every query of the Snapshot table.

export type { Snapshot };

/** Newest first; two snapshots fetched in the same millisecond keep the order they were stored in. */
const NEWEST_FIRST = [{ fetchedAt: "desc" }, { id: "desc" }] satisfies Prisma.SnapshotOrderByWithRelationInput[];

/** Stores a fetch's snapshot and counts the fetch for the overview, in one transaction. */
export async function insertSnapshot(data: Prisma.SnapshotUncheckedCreateInput): Promise<Snapshot> {
  const fetchedAt = data.fetchedAt ? new Date(data.fetchedAt) : new Date();
  const [snapshot] = await db.$transaction([
    db.snapshot.create({ data: { ...data, fetchedAt } }),
    db.$executeRaw(countFetch(fetchedAt, data.error)),
  ]);
  return snapshot;
}

export function findSnapshot(id: number): Promise<Snapshot | null> {
  return db.snapshot.findUnique({ where: { id } });
}

/** The newest snapshot of an object, whatever it holds (an error too). */
export function latestSnapshot({ type, id }: ResourceKey): Promise<Snapshot | null> {
  return db.snapshot.findFirst({ where: { resourceType: type, resourceId: id }, orderBy: NEWEST_FIRST });
}

/** The newest snapshot of an object that holds its contents: what a new one is compared with. */
export function latestSuccessfulSnapshot({ type, id }: ResourceKey): Promise<Snapshot | null> {
  return db.snapshot.findFirst({
    where: { resourceType: type, resourceId: id, response: { not: null } },
    orderBy: NEWEST_FIRST,
  });
}

/** The newest snapshots of an object, newest first, without their contents. */
export function findObjectSnapshots({ type, id }: ResourceKey, take: number) {
  return db.snapshot.findMany({
    where: { resourceType: type, resourceId: id },
    orderBy: NEWEST_FIRST,
    take,
    omit: { meta: true, response: true },
  });
}

/** The snapshots with these ids that belong to the object; others are left out. */
export function findSnapshotsOfObject({ type, id }: ResourceKey, ids: readonly number[]): Promise<Snapshot[]> {
  return db.snapshot.findMany({ where: { id: { in: [...ids] }, resourceType: type, resourceId: id } });
}

/** Fetches since an instant that ended in an error, by error code: read from the (fetchedAt, error) index alone. */
export async function fetchErrorCountsSince(since: Date): Promise<Map<string, number>> {
  const groups = await db.snapshot.groupBy({
    by: ["error"],
    where: { fetchedAt: { gte: since }, error: { not: null } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.error ?? "", group._count._all]));
}
