import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { noteDeliveryReceived, waitForQuietReceiver } from "./activity";

function trackResolution(promise: Promise<void>): () => boolean {
  let resolved = false;
  void promise.then(() => (resolved = true));
  return () => resolved;
}

beforeEach(() => {
  vi.useFakeTimers();
  // Long after any delivery an earlier test noted.
  vi.setSystemTime(Date.now() + 3_600_000);
});
afterEach(() => vi.useRealTimers());

describe("waitForQuietReceiver", () => {
  it("does not wait when no delivery arrived lately", async () => {
    const done = trackResolution(waitForQuietReceiver({ quietMs: 100, maxWaitMs: 1_000 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it("waits until deliveries stop for the quiet time", async () => {
    const traffic = setInterval(noteDeliveryReceived, 20);
    noteDeliveryReceived();
    const done = trackResolution(waitForQuietReceiver({ quietMs: 100, maxWaitMs: 5_000 }));
    await vi.advanceTimersByTimeAsync(500);
    expect(done()).toBe(false);
    clearInterval(traffic);
    await vi.advanceTimersByTimeAsync(99);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(done()).toBe(true);
  });

  it("stops waiting when its pause says the caller is stopping", async () => {
    const traffic = setInterval(noteDeliveryReceived, 20);
    noteDeliveryReceived();
    let stopping = false;
    const pause = (ms: number) =>
      new Promise<boolean>((resolve) => setTimeout(() => resolve(!stopping), Math.min(ms, 50)));
    const done = trackResolution(waitForQuietReceiver({ quietMs: 100, maxWaitMs: 5_000, pause }));
    await vi.advanceTimersByTimeAsync(200);
    expect(done()).toBe(false);
    stopping = true;
    await vi.advanceTimersByTimeAsync(50);
    expect(done()).toBe(true);
    clearInterval(traffic);
  });

  it("gives up waiting after the longest wait, however steady the stream", async () => {
    const traffic = setInterval(noteDeliveryReceived, 20);
    noteDeliveryReceived();
    const done = trackResolution(waitForQuietReceiver({ quietMs: 100, maxWaitMs: 1_000 }));
    await vi.advanceTimersByTimeAsync(990);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(done()).toBe(true);
    clearInterval(traffic);
  });
});
