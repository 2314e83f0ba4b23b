import "server-only";
import { databaseSizeBytes } from "../db/size";
import { deliveryTotals } from "../deliveries/queries";

export interface StorageSummary {
  databaseBytes: number;
  deliveries: number;
  oldestAt: Date | null;
}

/** Counting a large table costs tens of milliseconds: the pages' headers share one count for 15 s. */
const FRESH_MS = 15_000;

let cached: { at: number; summary: Promise<StorageSummary> } | undefined;

async function loadSummary(): Promise<StorageSummary> {
  const [databaseBytes, totals] = await Promise.all([databaseSizeBytes(), deliveryTotals()]);
  return { databaseBytes, deliveries: totals.count, oldestAt: totals.oldestAt };
}

/** What the database holds: the dashboard header's line, at most 15 s old. */
export function storageSummary(now = Date.now()): Promise<StorageSummary> {
  if (!cached || now - cached.at > FRESH_MS) {
    const summary = loadSummary();
    cached = { at: now, summary };
    // A failed load (the database away) is not kept: the next page asks again.
    summary.catch(() => {
      if (cached?.summary === summary) cached = undefined;
    });
  }
  return cached.summary;
}
