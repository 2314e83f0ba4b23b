import "server-only";
import { db } from "../db/client";
import { isDatabaseUnavailable, withDatabaseDeadline } from "../db/errors";
import { Prisma } from "../db/generated/sqlite/client";
import { insertRows } from "../db/insert-rows";

/**
 * Every column the receiver fills. NewDelivery is derived from it, so a field the receiver adds
 * without a column here does not compile.
 */
const DELIVERY_COLUMNS = [
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
  "responseStatus",
  "fingerprint",
] as const satisfies readonly (keyof Prisma.DeliveryUncheckedCreateInput)[];

/** A delivery as the receiver hands it over: every column above, none left to a default. */
export type NewDelivery = Required<Pick<Prisma.DeliveryUncheckedCreateInput, (typeof DELIVERY_COLUMNS)[number]>>;

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
let flushing = false;

/**
 * Stores a delivery, linked to the first earlier one with the same fingerprint if any, and
 * resolves once it is committed. Deliveries that arrive while a write is under way are written
 * together in the next one (group commit): one statement per batch instead of one per
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

let preparing: Promise<void> | undefined;

/**
 * Loads Prisma's query compiler and opens the first connection: a second or more once (far
 * more on a saturated machine), then free. The receiver awaits it outside the write deadline so
 * that a cold start is not taken for a database that is down; the server also calls it at
 * start-up so that the first delivery is answered as fast as the rest.
 */
export function prepareDeliveryStore(): Promise<void> {
  preparing ??= db.delivery.findFirst({ where: { fingerprint: "" }, select: { id: true } }).then(
    () => undefined,
    (error: unknown) => {
      preparing = undefined;
      throw error;
    },
  );
  return preparing;
}

/**
 * A backstop for a database that stops answering on connections it keeps open: the batch and
 * everything queued behind it are refused (503) rather than left to hang, well inside Accelo's
 * 10 s. The usual ways a database goes away are caught sooner by the driver: a refused or
 * dropped connection fails at once, an unreachable server after the 800 ms connect timeout
 * (lib/db/adapter.ts). A tighter deadline here was tried and answered 503 to deliveries it had
 * stored whenever the CPU was saturated, since it can only measure wall-clock time.
 */
const WRITE_DEADLINE_MS = 5_000;

async function flushQueue(): Promise<void> {
  while (queue.length > 0) {
    const batch = takeBatch();
    try {
      const stored = await withDatabaseDeadline(
        writeBatch(batch.map((pending) => pending.delivery)),
        WRITE_DEADLINE_MS,
      );
      for (const [index, pending] of batch.entries()) pending.resolve(stored[index]);
    } catch (error) {
      // A database that is down fails every batch the same way, each after the connect timeout:
      // refusing the queue with this one keeps every answer within one timeout, not several.
      const refused = isDatabaseUnavailable(error) ? [...batch, ...queue.splice(0)] : batch;
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

/** One INSERT for the whole batch, each row linked by a subquery on the (fingerprint, id) index. */
async function writeBatch(deliveries: NewDelivery[]): Promise<StoredDelivery[]> {
  const receivedAt = new Date();
  const rows = deliveries.map((delivery) => ({
    ...delivery,
    receivedAt,
    duplicateOfId: Prisma.sql`(SELECT MIN("id") FROM "Delivery" WHERE "fingerprint" = ${delivery.fingerprint})`,
  }));
  const created = await db.$queryRaw<{ id: number; fingerprint: string; duplicateOfId: number | null }[]>(
    insertRows("Delivery", [...DELIVERY_COLUMNS, "receivedAt", "duplicateOfId"], rows, [
      "id",
      "fingerprint",
      "duplicateOfId",
    ]),
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
