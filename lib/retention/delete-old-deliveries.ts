import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "../db/client";

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
 * restart half-way leaves only fewer old rows, and the next run continues.
 */
export async function deleteOldDeliveries(
  days: number,
  { batchSize = 500, pauseMs = 50, now = new Date() }: RetentionOptions = {},
): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const result: RetentionResult = { cutoff, deleted: 0, batches: 0, largestBatch: 0 };
  for (;;) {
    const batch = await db.delivery.findMany({
      where: { receivedAt: { lt: cutoff } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true },
    });
    if (batch.length === 0) return result;
    const { count } = await db.delivery.deleteMany({ where: { id: { in: batch.map(({ id }) => id) } } });
    result.deleted += count;
    result.batches += 1;
    result.largestBatch = Math.max(result.largestBatch, count);
    if (batch.length < batchSize) return result;
    await sleep(pauseMs);
  }
}
