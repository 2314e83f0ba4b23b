import "server-only";
import { createBatchQueue } from "../db/batch-queue";
import { isDatabaseUnavailable, withDatabaseDeadline } from "../db/errors";
import { insertDeliveries, type NewDelivery, type StoredDelivery, touchDeliveryTable } from "../deliveries/queries";

/**
 * A backstop for a database that stops answering on connections it keeps open: the batch and
 * everything queued behind it are refused (503) rather than left to hang, well inside Accelo's
 * 10 s. The usual ways a database goes away are caught sooner by the driver: a refused or
 * dropped connection fails at once, an unreachable server after the 800 ms connect timeout
 * (lib/db/adapter.ts). A tighter deadline here was tried and answered 503 to deliveries it had
 * stored whenever the CPU was saturated, since it can only measure wall-clock time.
 */
const WRITE_DEADLINE_MS = 5_000;

// Group commit: one statement per batch instead of one per delivery is what lets the receiver
// keep up with bursts on SQLite's single writer. A duplicate of a delivery in the same batch
// waits for the next one, so that it can point at the first one's stored id.
const queue = createBatchQueue<NewDelivery, StoredDelivery>({
  maxBatch: 200,
  key: (delivery) => delivery.fingerprint,
  write: (batch) => withDatabaseDeadline(insertDeliveries(batch, new Date()), WRITE_DEADLINE_MS),
  failsEveryone: isDatabaseUnavailable,
});

/**
 * Stores a delivery, linked to the first earlier one with the same fingerprint if any, and
 * resolves once it is committed.
 */
export function storeDelivery(delivery: NewDelivery): Promise<StoredDelivery> {
  return queue.add(delivery);
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
