"use client";

import { useSyncExternalStore } from "react";
import { exactTime, relativeTo } from "./received-at";

const TICK_MS = 15_000;

// One clock for every row: a list of 200 rows re-renders its times together, not 200 timers.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * "3 minutes ago" that keeps counting while the list stays open, with the exact instant on hover.
 * The server and the first client render print the exact time (the server cannot know the
 * reader's clock), so hydration always matches; the relative time replaces it straight after.
 */
export function LiveReceivedAt({ iso, className }: { iso: string; className?: string }) {
  const current = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  // A delivery that arrived after the clock's last tick reads "now", not "in 5 seconds".
  const received = new Date(iso);
  return (
    <time dateTime={iso} title={exactTime(iso)} className={className}>
      {current === null ? exactTime(iso) : relativeTo(received, new Date(Math.max(current, received.getTime())))}
    </time>
  );
}
