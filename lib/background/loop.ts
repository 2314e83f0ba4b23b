import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Pause, waitForQuietReceiver } from "../receiver/activity";

/** After the database fails, the loop waits this long at most between tries. */
const ERROR_PAUSE_MAX_MS = 30_000;

export interface BackgroundLoop {
  readonly id: string;
  stop(): Promise<void>;
}

/** Names one worker among the instances sharing a database, for the claims it takes. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Exponential backoff from `baseMs` up to `maxMs`, with ±20 % jitter so that instances retrying together spread out. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

/**
 * Runs `step` in this process until stopped, each time after the receiver's quiet moment: the
 * receiver shares the process and its CPU, and Accelo waits on it, so a flood delays background
 * work, never answers. `step` says whether it found work; when it did not, the loop waits
 * `pollMs`. A failing step is logged once and retried with a growing pause.
 */
export function startBackgroundLoop({
  id = newWorkerId(),
  label,
  pollMs,
  step,
}: {
  id?: string;
  /** How the log names it, e.g. "[snapshots] fetch worker". */
  label: string;
  pollMs: number;
  step: () => Promise<boolean>;
}): BackgroundLoop {
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
    while (!stopped) {
      try {
        await waitForQuietReceiver({ pause });
        if (stopped) break;
        const worked = await step();
        failures = 0;
        if (!worked) await pause(pollMs);
      } catch (error) {
        failures++;
        if (failures === 1) console.error(`${label}: ${(error as Error).message}`);
        await pause(Math.min(ERROR_PAUSE_MAX_MS, pollMs * 2 ** failures));
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
