import "server-only";
import { type AcceloConfig, acceloConfigFromEnv } from "../accelo/config";
import { type BackgroundLoop, backoffMs, newWorkerId, startBackgroundLoop } from "../background/loop";
import { fetchSnapshot } from "../snapshots/fetch";
import { claimNextBatch, finishBatch, releaseBatch } from "./jobs";
import { recoverUnscheduledFetches } from "./schedule";

const POLL_MS = 1000;
const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 5 * 60 * 1000;

/**
 * Claims the next due resource and fetches it once for all its pending jobs.
 * Returns false when nothing was due.
 */
export async function processNextBatch(config: AcceloConfig, workerId: string, now = new Date()): Promise<boolean> {
  const batch = await claimNextBatch(workerId, now);
  if (!batch) return false;
  const attempt = batch.attempts + 1;
  const outcome = await fetchSnapshot(
    batch.target,
    { trigger: "delivery", deliveryId: batch.deliveryId, lastAttempt: attempt >= config.maxAttempts },
    config,
  );
  if (outcome.kind === "stored") {
    await finishBatch(batch, workerId, { snapshotId: outcome.snapshot.id, failure: outcome.error?.code });
  } else {
    const { error } = outcome;
    // Waiting out a rate limit is not a failed try; a network error or 5xx is.
    const countsAsAttempt = error.retryable;
    await releaseBatch(batch, workerId, {
      runAfter: error.retryAt ?? new Date(Date.now() + backoffMs(attempt, RETRY_BASE_MS, RETRY_MAX_MS)),
      reason: error.code,
      countsAsAttempt,
    });
  }
  return true;
}

/** Runs the queue in this process until stopped: one fetch at a time, polling when idle. */
export function startFetchWorker(config: AcceloConfig): BackgroundLoop {
  const id = newWorkerId();
  let recovered = false;
  // While deliveries keep arriving, this fetches about once a second, roughly the pace
  // Accelo's 5,000 requests an hour sustain anyway.
  return startBackgroundLoop({
    id,
    label: "[snapshots] fetch worker",
    pollMs: POLL_MS,
    step: async () => {
      if (!recovered) {
        const caughtUp = await recoverUnscheduledFetches(config);
        if (caughtUp > 0)
          console.log(`[snapshots] recorded the fetches of ${caughtUp} recent deliveries that had none`);
        recovered = true;
      }
      return processNextBatch(config, id);
    },
  });
}

/** Starts the worker when the Accelo API is configured; says once why not otherwise. */
export function startFetchWorkerFromEnv(): BackgroundLoop | undefined {
  let config: AcceloConfig | undefined;
  try {
    config = acceloConfigFromEnv();
  } catch (error) {
    console.error(`[snapshots] not fetching resources: ${(error as Error).message}`);
    return undefined;
  }
  if (!config) return undefined;
  console.log(
    `[snapshots] fetching resources from ${config.apiOrigin} (budget ${config.hourlyBudget} requests an hour)`,
  );
  return startFetchWorker(config);
}
