// npm run retention: deletes deliveries older than RETENTION_DAYS once (their snapshots and fetch
// jobs with them) and prints what it did. The server does the same every hour by itself.
import { db } from "../lib/db/client";
import { describeRetention, retentionDays } from "../lib/retention/config";
import { deleteOldDeliveries } from "../lib/retention/delete-old-deliveries";

const days = retentionDays();
if (days === undefined) {
  console.log(`${describeRetention(days)}: RETENTION_DAYS is not set, nothing to delete.`);
} else {
  const started = performance.now();
  const { cutoff, deleted, batches } = await deleteOldDeliveries(days);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Deleted ${deleted} deliveries received before ${cutoff.toISOString()} in ${batches} batches (${seconds} s).`,
  );
}
await db.$disconnect();
