import "server-only";
import { type BackgroundLoop, backoffMs, newWorkerId, startBackgroundLoop } from "../background/loop";
import { findForwardPayload } from "../deliveries/queries";
import { isRetryable } from "../http/guarded-post";
import { UnsealError } from "../secrets/seal";
import { type ForwardingConfig, forwardingConfig } from "./config";
import { noteDestinationFailure, noteDestinationSuccess, openDestination, pauseDestination } from "./destinations";
import { type ClaimedForwardJob, claimForwardJobs, dropForwardJob, releaseForwardJob, settleForwardJob } from "./jobs";
import { advanceReplays, replayRate } from "./replays";
import { scheduleForwards } from "./schedule";
import { type ForwardResult, sendForward } from "./send";

const POLL_MS = 500;
/** Sends at once: enough to drain a backlog, few enough not to flood one destination. */
const CONCURRENCY = 8;
const RETRY_BASE_MS = 10_000;
const RETRY_MAX_MS = 60 * 60_000;
/** A replay's jobs written in one pass at most. */
const MAX_REPLAY_BATCH = 500;

const succeeded = (result: ForwardResult) =>
  result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;

/** Sends one claimed job and records what came of it. */
export async function forwardOne(
  job: ClaimedForwardJob,
  workerId: string,
  config: ForwardingConfig = forwardingConfig(),
  now = () => new Date(),
): Promise<void> {
  const delivery = await findForwardPayload(job.deliveryId);
  let destination: Awaited<ReturnType<typeof openDestination>>;
  try {
    destination = await openDestination(job.destinationId);
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    // Sealed under a key this server does not have: nothing can be sent until the URL is entered again.
    await pauseDestination(
      job.destinationId,
      `Paused by the monitor: its URL or secret was sealed with another key (${error.message}): delete it and add it again.`,
    );
    await releaseForwardJob(job, workerId, now());
    return;
  }
  if (!delivery || !destination || delivery.compacted || delivery.oversized) {
    await dropForwardJob(job, workerId);
    return;
  }
  const startedAt = now();
  const result = await sendForward(
    {
      url: destination.url,
      secret: destination.secret,
      timeoutMs: destination.timeoutMs,
      deliveryId: delivery.id,
      body: new Uint8Array(delivery.rawBody),
      contentType: delivery.contentType,
      eventId: delivery.eventId,
      signatureHeader: delivery.signatureHeader,
    },
    config.allowPrivateNetworks,
  );
  const attempt = {
    startedAt,
    durationMs: result.durationMs,
    httpStatus: result.httpStatus,
    error: result.error,
    responseExcerpt: result.excerpt,
  };
  if (succeeded(result)) {
    await settleForwardJob(job, workerId, attempt, { status: "done" });
    await noteDestinationSuccess(destination.id);
    return;
  }
  const finishedAt = now();
  const retryAt = new Date(
    finishedAt.getTime() + Math.max(backoffMs(job.attempts + 1, RETRY_BASE_MS, RETRY_MAX_MS), result.retryAfterMs ?? 0),
  );
  const withinWindow = retryAt.getTime() - job.createdAt.getTime() <= config.retryWindowMs;
  await settleForwardJob(
    job,
    workerId,
    attempt,
    isRetryable(result) && withinWindow ? { status: "pending", retryAt } : { status: "failed" },
  );
  const failingSince = await noteDestinationFailure(destination.id, startedAt);
  if (finishedAt.getTime() - failingSince.getTime() >= config.pauseAfterMs) {
    await pauseDestination(
      destination.id,
      `Paused by the monitor: every attempt failed from ${failingSince.toISOString()} to ${finishedAt.toISOString()}. Resume it once the destination answers again.`,
    );
  }
}

/** Records new deliveries' jobs, then sends what is due, CONCURRENCY at a time. Returns how many it sent. */
export async function forwardDue(
  workerId: string,
  config: ForwardingConfig = forwardingConfig(),
  clock: () => Date = () => new Date(),
  replayAllowance = 0,
): Promise<number> {
  await scheduleForwards(clock());
  await advanceReplays(replayAllowance, clock());
  const jobs = await claimForwardJobs(workerId, CONCURRENCY, clock());
  await Promise.all(
    jobs.map((job) =>
      forwardOne(job, workerId, config, clock).catch(async (error: unknown) => {
        console.error(`[forwarding] job ${job.id}: ${(error as Error).message}`);
        await releaseForwardJob(job, workerId, new Date(Date.now() + RETRY_BASE_MS)).catch(() => {});
      }),
    ),
  );
  return jobs.length;
}

/** Runs forwarding in this process until stopped; the receiver's quiet moments come first. */
export function startForwardWorker(): BackgroundLoop {
  const id = newWorkerId();
  // Bulk replays enqueue at FORWARD_REPLAY_RATE a second, whatever the loop's pace.
  const rate = replayRate();
  let replayClock = performance.now();
  const replayAllowance = () => {
    const now = performance.now();
    const allowance = Math.min(MAX_REPLAY_BATCH, Math.floor(((now - replayClock) / 1000) * rate));
    if (allowance > 0) replayClock = now;
    return allowance;
  };
  return startBackgroundLoop({
    id,
    label: "[forwarding] worker",
    pollMs: POLL_MS,
    step: async () => (await forwardDue(id, forwardingConfig(), () => new Date(), replayAllowance())) > 0,
  });
}
