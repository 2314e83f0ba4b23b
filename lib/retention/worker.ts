import "server-only";
import { retentionDays } from "./config";
import { deleteOldDeliveries } from "./delete-old-deliveries";

/** Often enough that nothing outlives its retention by much; cheap when there is nothing to delete. */
const INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes old deliveries now and then every hour, in the server process, when RETENTION_DAYS is
 * set. A failed run (the database away) is logged and the next one tries again.
 */
export function startRetentionFromEnv(): { stop(): void } | undefined {
  let days: number | undefined;
  try {
    days = retentionDays();
  } catch (error) {
    console.error(`[retention] not deleting anything: ${(error as Error).message}`);
    return undefined;
  }
  if (days === undefined) return undefined;
  const keepFor = days;
  console.log(`[retention] deleting deliveries older than ${keepFor} days, every hour`);
  const run = async () => {
    try {
      const { deleted } = await deleteOldDeliveries(keepFor);
      if (deleted > 0) console.log(`[retention] deleted ${deleted} deliveries older than ${keepFor} days`);
    } catch (error) {
      console.error(`[retention] run failed, trying again in an hour: ${(error as Error).message}`);
    }
  };
  void run();
  const timer = setInterval(run, INTERVAL_MS);
  // The timer must not keep a stopping server alive.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
