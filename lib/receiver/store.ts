import "server-only";
import { createBatchQueue } from "../db/batch-queue";
import { isDatabaseUnavailable, RowRefusedError, withDatabaseDeadline } from "../db/errors";
import { insertDeliveries, type NewDelivery, type StoredDelivery, touchDeliveryTable } from "../deliveries/queries";
import { boundDelivery, reducedDelivery } from "./bounds";

/**
 * A backstop for a database that stops answering on connections it keeps open: the batch and
 * everything queued behind it are refused (503) rather than left to hang, well inside Accelo's
 * 10 s. The usual ways a database goes away are caught sooner by the driver: a refused or
 * dropped connection fails at once, an unreachable server after the 800 ms connect timeout
 * (lib/db/adapter.ts). A tighter deadline here was tried and answered 503 to deliveries it had
 * stored whenever the CPU was saturated, since it can only measure wall-clock time.
 */
const WRITE_DEADLINE_MS = 5_000;

type StoreResult = { kind: "stored"; stored: StoredDelivery } | { kind: "refused"; error: RowRefusedError };

function insert(deliveries: NewDelivery[], receivedAt: Date): Promise<StoredDelivery[]> {
  return withDatabaseDeadline(insertDeliveries(deliveries, receivedAt), WRITE_DEADLINE_MS);
}

/** One delivery alone, and when the database refuses it as it is, in its reduced form. */
async function insertAlone(delivery: NewDelivery, receivedAt: Date): Promise<StoreResult> {
  try {
    const [stored] = await insert([delivery], receivedAt);
    return { kind: "stored", stored };
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    try {
      const [stored] = await insert([reducedDelivery(delivery, (error as Error).message)], receivedAt);
      return { kind: "stored", stored };
    } catch (reducedError) {
      if (isDatabaseUnavailable(reducedError)) throw reducedError;
      return { kind: "refused", error: new RowRefusedError(reducedError) };
    }
  }
}

/**
 * One statement for the batch. A statement is all or nothing, so when the database refuses it
 * for anything but being away, one row is at fault and no row was stored: each delivery then goes
 * in alone, so that one hostile request never costs the others their answer.
 */
async function writeBatch(batch: NewDelivery[]): Promise<StoreResult[]> {
  const receivedAt = new Date();
  try {
    return (await insert(batch, receivedAt)).map((stored) => ({ kind: "stored", stored }));
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    const results: StoreResult[] = [];
    for (const delivery of batch) results.push(await insertAlone(delivery, receivedAt));
    return results;
  }
}

// Group commit: one statement per batch instead of one per delivery is what lets the receiver
// keep up with bursts on SQLite's single writer. A duplicate of a delivery in the same batch
// waits for the next one, so that it can point at the first one's stored id.
const queue = createBatchQueue<NewDelivery, StoreResult>({
  maxBatch: 200,
  key: (delivery) => delivery.fingerprint,
  write: writeBatch,
  failsEveryone: isDatabaseUnavailable,
});

/**
 * Stores a delivery, every field bounded to what its column holds, linked to the first earlier
 * one with the same fingerprint if any, and resolves once it is committed.
 */
export async function storeDelivery(delivery: NewDelivery): Promise<StoredDelivery> {
  const result = await queue.add(boundDelivery(delivery));
  if (result.kind === "refused") throw result.error;
  return result.stored;
}

let preparing: Promise<void> | undefined;

/**
 * Loads Prisma's query compiler and opens the first connection: a second or more once (far
 * more on a saturated machine), then free. The receiver awaits it outside the write deadline so
 * that a cold start is not taken for a database that is down; the server also calls it at
 * start-up so that the first delivery is answered as fast as the rest.
 */
export function prepareDeliveryStore(): Promise<void> {
  preparing ??= touchDeliveryTable().catch((error: unknown) => {
    preparing = undefined;
    throw error;
  });
  return preparing;
}
