import { db, type Db } from "../db/client";
import { DatabaseTimeoutError, withDatabaseDeadline } from "../db/errors";
import type { Prisma } from "../db/generated/sqlite/client";

export type NewDelivery = Omit<Prisma.DeliveryUncheckedCreateInput, "id" | "duplicateOfId">;

export interface StoredDelivery {
  id: number;
  duplicateOfId: number | null;
}

interface Pending {
  delivery: NewDelivery;
  resolve: (stored: StoredDelivery) => void;
  reject: (error: unknown) => void;
}

/** Large enough to absorb a burst, small enough that one statement stays cheap. */
const MAX_BATCH = 200;

let queue: Pending[] = [];
let preparing: Promise<void> | undefined;
let flushing = false;

/**
 * Stores a delivery, linked to the first earlier one with the same fingerprint if any, and
 * resolves once it is committed. Deliveries that arrive while a write is under way are written
 * together in the next one (group commit): two statements per batch instead of two per
 * delivery, which is what lets the receiver keep up with bursts on SQLite's single writer.
 */
export function storeDelivery(delivery: NewDelivery): Promise<StoredDelivery> {
  return new Promise((resolve, reject) => {
    queue.push({ delivery, resolve, reject });
    if (!flushing) {
      flushing = true;
      setImmediate(flushQueue);
    }
  });
}

class WarmUpRolledBack extends Error {}

const WARM_UP_DELIVERY: NewDelivery = {
  method: "POST",
  url: "/",
  headers: "[]",
  rawBody: new Uint8Array(),
  bodySize: 0,
  bodyFormat: "empty",
  signatureVerdict: "unverified",
  responseStatus: 0,
  fingerprint: "warm-up",
};

/**
 * Loads Prisma's query compiler, opens the first connection and compiles the statements a batch
 * runs, by writing one batch in a transaction that is rolled back: a second or more once, then
 * free. The receiver awaits this before its store deadline so that a cold start is not taken
 * for a database that is down; the server also calls it at start-up.
 */
export function prepareDeliveryStore(): Promise<void> {
  preparing ??= db
    .$transaction(async (tx) => {
      await writeBatch([WARM_UP_DELIVERY], tx);
      throw new WarmUpRolledBack();
    })
    .catch((error: unknown) => {
      if (error instanceof WarmUpRolledBack) return;
      preparing = undefined;
      throw error;
    });
  return preparing;
}

/**
 * A write that takes longer than this means the database is not answering: the batch and
 * everything queued behind it are refused (503) rather than left to hang. It times the write
 * only, not the wait in the queue or the HTTP work, so a busy server is not taken for a dead
 * database.
 */
const WRITE_DEADLINE_MS = 900;

async function flushQueue(): Promise<void> {
  while (queue.length > 0) {
    const batch = takeBatch();
    try {
      const stored = await withDatabaseDeadline(
        writeBatch(batch.map((pending) => pending.delivery)),
        WRITE_DEADLINE_MS,
      );
      batch.forEach((pending, index) => pending.resolve(stored[index]));
    } catch (error) {
      const refused = error instanceof DatabaseTimeoutError ? [...batch, ...queue.splice(0)] : batch;
      for (const pending of refused) pending.reject(error);
    }
  }
  flushing = false;
}

/**
 * The next batch: at most MAX_BATCH deliveries, none sharing a fingerprint, so that a duplicate
 * of one in the same batch waits for the next one and can point at its stored id.
 */
function takeBatch(): Pending[] {
  const batch: Pending[] = [];
  const rest: Pending[] = [];
  const fingerprints = new Set<string>();
  for (const pending of queue) {
    if (batch.length < MAX_BATCH && !fingerprints.has(pending.delivery.fingerprint)) {
      fingerprints.add(pending.delivery.fingerprint);
      batch.push(pending);
    } else {
      rest.push(pending);
    }
  }
  queue = rest;
  return batch;
}

async function writeBatch(
  deliveries: NewDelivery[],
  client: Pick<Db, "delivery"> = db,
): Promise<StoredDelivery[]> {
  const originals = await client.delivery.findMany({
    where: { fingerprint: { in: deliveries.map((delivery) => delivery.fingerprint) } },
    orderBy: { id: "asc" },
    distinct: ["fingerprint"],
    select: { id: true, fingerprint: true },
  });
  const originalByFingerprint = new Map(originals.map((row) => [row.fingerprint, row.id]));
  const created = await client.delivery.createManyAndReturn({
    data: deliveries.map((delivery) => ({
      ...delivery,
      duplicateOfId: originalByFingerprint.get(delivery.fingerprint) ?? null,
    })),
    select: { id: true, fingerprint: true, duplicateOfId: true },
  });
  // Fingerprints are unique within a batch, so they tie each row back to its delivery
  // whatever order RETURNING gives.
  const byFingerprint = new Map(created.map((row) => [row.fingerprint, row]));
  return deliveries.map((delivery) => {
    const row = byFingerprint.get(delivery.fingerprint)!;
    return { id: row.id, duplicateOfId: row.duplicateOfId };
  });
}
