import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type AcceloConfig, acceloConfigFromEnv } from "../accelo/config";
import { type Pause, waitForQuietReceiver } from "../receiver/activity";
import { fetchSnapshot } from "../snapshots/fetch";
import { claimNextBatch, finishBatch, releaseBatch } from "./jobs";
import { recoverUnscheduledFetches } from "./schedule";

const POLL_MS = 1000;
const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 5 * 60 * 1000;
/** After the database fails, the loop waits this long at most between tries. */
const ERROR_PAUSE_MAX_MS = 30_000;

/** Exponential backoff with jitter, so that instances retrying together spread out. */
export function retryDelayMs(attempt: number): number {
  const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

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
      runAfter: error.retryAt ?? new Date(Date.now() + retryDelayMs(attempt)),
      reason: error.code,
      countsAsAttempt,
    });
  }
  return true;
}

export interface FetchWorker {
  readonly id: string;
  stop(): Promise<void>;
}

/** Runs the queue in this process until stopped: one fetch at a time, polling when idle. */
export function startFetchWorker(
  config: AcceloConfig,
  id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
): FetchWorker {
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause: Pause = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(!stopped), ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });

  const loop = (async () => {
    let failures = 0;
    let recovered = false;
    while (!stopped) {
      try {
        if (!recovered) {
          const caughtUp = await recoverUnscheduledFetches(config);
          if (caughtUp > 0)
            console.log(`[snapshots] recorded the fetches of ${caughtUp} recent deliveries that had none`);
          recovered = true;
        }
        // The receiver shares this process and its CPU, and Accelo waits on it: while deliveries
        // keep arriving, fetch about once a second, roughly the pace Accelo's 5,000 requests an
        // hour sustain anyway. A flood delays snapshots, not answers.
        await waitForQuietReceiver({ pause });
        if (stopped) break;
        const worked = await processNextBatch(config, id);
        failures = 0;
        if (!worked) await pause(POLL_MS);
      } catch (error) {
        failures++;
        if (failures === 1) console.error(`[snapshots] fetch worker: ${(error as Error).message}`);
        await pause(Math.min(ERROR_PAUSE_MAX_MS, POLL_MS * 2 ** failures));
      }
    }
  })();

  return {
    id,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** Starts the worker when the Accelo API is configured; says once why not otherwise. */
export function startFetchWorkerFromEnv(): FetchWorker | undefined {
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
