// When the receiver last took a delivery, so that background work in the same process (the fetch
// worker) can step aside while deliveries pour in: on a small machine every millisecond of CPU it
// takes then is a millisecond added to Accelo's wait.

// Kept on globalThis: Next bundles the route handlers and instrumentation.ts (which starts the
// worker) separately, each with its own copy of this module.
const activity = globalThis as unknown as { accelomonitorLastDeliveryAt?: number };

export function noteDeliveryReceived(): void {
  activity.accelomonitorLastDeliveryAt = Date.now();
}

/** Waits `ms`; resolves false when the caller is being stopped and should wait no more. */
export type Pause = (ms: number) => Promise<boolean>;

const plainPause: Pause = (ms) => new Promise((resolve) => setTimeout(() => resolve(true), ms));

/**
 * Resolves once no delivery has arrived for `quietMs`, or after `maxWaitMs` whatever the traffic,
 * so that a steady stream slows background work down without starving it: with the defaults,
 * work that waits before each step does at most about one step a second during a flood.
 */
export async function waitForQuietReceiver({
  quietMs = 100,
  maxWaitMs = 1000,
  pause = plainPause,
}: {
  quietMs?: number;
  maxWaitMs?: number;
  pause?: Pause;
} = {}): Promise<void> {
  const giveUpAt = Date.now() + maxWaitMs;
  for (;;) {
    const now = Date.now();
    const quietAt = (activity.accelomonitorLastDeliveryAt ?? Number.NEGATIVE_INFINITY) + quietMs;
    if (quietAt <= now || giveUpAt <= now) return;
    if (!(await pause(Math.min(quietAt, giveUpAt) - now))) return;
  }
}
