import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { deleteOldestDeliveriesBefore } from "../deliveries/queries";
import { dropWorkCountsBefore } from "../insights/rollups";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  /** Deliveries deleted per statement: each batch is one short write, so the receiver never waits long. */
  batchSize?: number;
  /** Pause between batches, leaving SQLite's single writer free for incoming deliveries. */
  pauseMs?: number;
  now?: Date;
}

export interface RetentionResult {
  cutoff: Date;
  deleted: number;
  batches: number;
  /** The largest number of deliveries one statement deleted. */
  largestBatch: number;
}

/**
 * Deletes deliveries received more than `days` ago, oldest first, a batch at a time. Their
 * snapshots and fetch jobs go with them (ON DELETE CASCADE); a newer duplicate of a deleted
 * delivery loses its link (ON DELETE SET NULL). Never one long transaction: a crash or a
 * restart half-way leaves only fewer old rows, and the next run continues. The overview's counts
 * of deliveries lose each batch in its transaction; its counts of fetches and forwards, whole
 * hours before the cutoff at the end.
 */
export async function deleteOldDeliveries(
  days: number,
  { batchSize = 500, pauseMs = 50, now = new Date() }: RetentionOptions = {},
): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const result: RetentionResult = { cutoff, deleted: 0, batches: 0, largestBatch: 0 };
  for (;;) {
    const { found, deleted } = await deleteOldestDeliveriesBefore(cutoff, batchSize);
    if (found > 0) {
      result.deleted += deleted;
      result.batches += 1;
      result.largestBatch = Math.max(result.largestBatch, deleted);
    }
    if (found < batchSize) break;
    await sleep(pauseMs);
  }
  await dropWorkCountsBefore(cutoff);
  return result;
}
