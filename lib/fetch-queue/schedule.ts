import "server-only";
import { type AcceloConfig, acceloConfigFromEnv } from "../accelo/config";
import { checkFetchAllowed, type FetchableDelivery } from "../accelo/resource-url";
import { createBatchQueue } from "../db/batch-queue";
import { findDeliveriesWithoutFetchJob } from "../deliveries/queries";
import { waitForQuietReceiver } from "../receiver/activity";
import { cutToBytes, FIELD_BYTE_LIMITS } from "../receiver/bounds";
import { insertFetchJobs, type NewFetchJob } from "./jobs";

/**
 * How long after its arrival a delivery without a job is taken to be on its way (written in the
 * receiver's next quiet moment, within a second or so) rather than lost with a process that died.
 */
export const SCHEDULING_GRACE_MS = 60_000;

/**
 * How long the fetch of a delivery identical to one received minutes before waits. Accelo's body
 * is only the object's id and URL, so a second change of one object is byte for byte the first
 * delivery again, and must be fetched; but so is a captured delivery replayed in a loop. Waiting
 * lets every copy that arrives meanwhile join one fetch (jobs.ts claims a resource's jobs
 * together): a replay loop costs one request a minute per object, a real change is seen a minute
 * late at worst.
 */
export const REPLAY_FETCH_DELAY_MS = 60_000;

/** How far back the worker looks, when it starts, for deliveries whose fetch was never recorded. */
export const RECOVERY_WINDOW_MS = 60 * 60 * 1000;
const RECOVERY_BATCH = 500;

/** What scheduling needs of a delivery: the receiver hands it over, so nothing is read back. */
export type ScheduledDelivery = FetchableDelivery & {
  id: number;
  /** The same request received moments before (lib/receiver/receive.ts): its fetch waits, see REPLAY_FETCH_DELAY_MS. */
  replayOf?: number | null;
};

/** The job a delivery calls for: pending after a short delay, or skipped with its reason. */
function fetchJobFor(delivery: ScheduledDelivery, config: AcceloConfig, now: Date): NewFetchJob {
  const permission = checkFetchAllowed(delivery, config);
  if (permission.kind === "skipped" || !config.autoFetch) {
    const url = delivery.resourceUrl ?? "";
    return {
      // Only pending jobs are claimed by URL; a skipped one keeps a prefix that fits the index.
      resourceUrl: cutToBytes(url, FIELD_BYTE_LIMITS.resourceUrl) ?? url,
      resourceType: permission.kind === "allowed" ? permission.target.type : "",
      resourceId: permission.kind === "allowed" ? permission.target.id : "",
      trigger: "delivery",
      deliveryId: delivery.id,
      status: "skipped",
      reason: permission.kind === "skipped" ? permission.reason : "auto_fetch_disabled",
      runAfter: now,
      createdAt: now,
      finishedAt: now,
    };
  }
  return {
    resourceUrl: permission.target.url,
    resourceType: permission.target.type,
    resourceId: permission.target.id,
    trigger: "delivery",
    deliveryId: delivery.id,
    status: "pending",
    reason: null,
    runAfter: new Date(now.getTime() + (delivery.replayOf ? REPLAY_FETCH_DELAY_MS : config.fetchDelayMs)),
    createdAt: now,
    finishedAt: null,
  };
}

/** The jobs these deliveries call for, all written at one instant. */
function fetchJobsFor(deliveries: readonly ScheduledDelivery[], config: AcceloConfig): NewFetchJob[] {
  const now = new Date();
  return deliveries.map((delivery) => fetchJobFor(delivery, config, now));
}

/**
 * Records the fetches new deliveries call for: a pending job the worker (worker.ts) takes up
 * after a short delay, or a skipped one that says why not. Runs once the receiver has answered
 * (in its quiet moments, see scheduleFetch); it never throws, because by then nobody would catch it.
 * With no Accelo API configured, snapshots are off and nothing is recorded.
 */
export async function scheduleFetchForDeliveries(
  deliveries: ScheduledDelivery[],
  config?: AcceloConfig,
): Promise<void> {
  try {
    const settings = config ?? acceloConfigFromEnv();
    if (!settings) return;
    await insertFetchJobs(fetchJobsFor(deliveries, settings));
  } catch (error) {
    console.error(
      `[snapshots] could not schedule the fetches of ${deliveries.length} deliveries: ${(error as Error).message}`,
    );
  }
}

/**
 * Records the fetches of recent deliveries that have none: work scheduled after the answer is lost
 * when the process dies in between, so the worker makes up for it when it starts. Should two
 * instances do this at once, the second job of a delivery is claimed with the first and costs no
 * second fetch. Returns how many deliveries were caught up.
 */
export async function recoverUnscheduledFetches(config: AcceloConfig, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - RECOVERY_WINDOW_MS);
  const deliveries = await findDeliveriesWithoutFetchJob(since, RECOVERY_BATCH);
  await insertFetchJobs(fetchJobsFor(deliveries, config));
  return deliveries.length;
}

// Jobs wait in memory for a quiet moment of the receiver (at most a second), then go in together:
// writing them as deliveries arrive cost the receiver a tenth of its throughput under load. A
// flood that outlasts the quiet moments fills the queue; past MAX_QUEUED it is written without
// waiting, so memory stays bounded (a few MB) whatever the flood.
const MAX_QUEUED = 10_000;
const queue = createBatchQueue<ScheduledDelivery, void>({
  maxBatch: 200,
  beforeWrite: async (waiting) => {
    if (waiting < MAX_QUEUED) await waitForQuietReceiver();
  },
  write: async (batch) => {
    await scheduleFetchForDeliveries(batch);
    return [];
  },
});

/**
 * The receiver's one call. Nothing is written before the receiver has a quiet moment, which
 * comes after this delivery's answer; the fetch itself waits for the worker (worker.ts).
 */
export function scheduleFetch(delivery: ScheduledDelivery): void {
  // Never rejects: scheduleFetchForDeliveries logs what it could not write.
  void queue.add(delivery);
}
