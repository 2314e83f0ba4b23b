// A closed-loop load: N senders, each sending its next request as soon as the last one is
// answered, until a time or a count runs out. Throughput is what the server sustains with N
// requests always in flight, which is how a burst of Accelo deliveries looks. A paced load sends
// at a fixed rate instead, for answer times below saturation.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { HttpAnswer, HttpRequest, HttpSender } from "./http-sender";
import { type LatencySummary, summarizeLatencies } from "./latency";

export interface LoadPlan {
  sender: HttpSender;
  concurrency: number;
  durationMs: number;
  /** Stops earlier when this many requests were sent, whatever the time. */
  maxRequests: number;
  /** Stops earlier once this says so, e.g. when a test has killed the server mid-run. */
  stopWhen?(): boolean;
  /** The n-th request (0-based) of this run. */
  request(index: number): HttpRequest;
  /** Sees every answer, e.g. to keep the ids the receiver acknowledged. */
  onAnswer?(answer: HttpAnswer, index: number): void;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Requests that got no answer at all (refused, reset, timed out). */
  failures: number;
  firstFailure?: string;
  /** Every answer time, so that runs can be combined; too long to print or store. */
  samplesMs: number[];
}

export function runClosedLoop(plan: LoadPlan): Promise<LoadResult> {
  return runLoad(plan);
}

/**
 * An open-loop load: request n is due at start + n / rate whatever became of the earlier ones,
 * with at most `concurrency` in flight. Its answer time counts from when it was due, so a server
 * that falls behind shows its queue there instead of slowing the senders down. At saturation
 * every answer time is the queue (Little's law: N in flight / throughput), the health route's
 * too; below it, they tell how fast one delivery is answered.
 */
export function runPacedLoad(plan: LoadPlan & { ratePerSecond: number }): Promise<LoadResult> {
  const intervalMs = 1000 / plan.ratePerSecond;
  return runLoad(plan, (started, index) => started + index * intervalMs);
}

async function runLoad(plan: LoadPlan, dueAt?: (started: number, index: number) => number): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let non2xx = 0;
  let failures = 0;
  let firstFailure: string | undefined;

  const started = performance.now();
  const deadline = started + plan.durationMs;

  async function sender(): Promise<void> {
    while (sent < plan.maxRequests && performance.now() < deadline && !plan.stopWhen?.()) {
      const index = sent;
      const due = dueAt?.(started, index);
      if (due !== undefined && due >= deadline) break;
      sent++;
      if (due !== undefined && due > performance.now()) await sleep(due - performance.now());
      try {
        const answer = await plan.sender.send(plan.request(index));
        latencies.push(due === undefined ? answer.ms : performance.now() - due);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status < 200 || answer.status > 299) non2xx++;
        plan.onAnswer?.(answer, index);
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  }

  await Promise.all(Array.from({ length: plan.concurrency }, sender));
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: sent,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    latencyMs: summarizeLatencies(latencies),
    statuses,
    non2xx,
    failures,
    firstFailure,
    samplesMs: latencies,
  };
}

/** One result for several runs of the same load, as if their times had been one. */
export function combineLoadResults(parts: readonly LoadResult[]): LoadResult {
  const samplesMs = parts.flatMap((part) => part.samplesMs);
  const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const part of parts) {
    for (const [status, count] of Object.entries(part.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  }
  return {
    requests: parts.reduce((sum, part) => sum + part.requests, 0),
    seconds,
    requestsPerSecond: samplesMs.length / seconds,
    latencyMs: summarizeLatencies(samplesMs),
    statuses,
    non2xx: parts.reduce((sum, part) => sum + part.non2xx, 0),
    failures: parts.reduce((sum, part) => sum + part.failures, 0),
    firstFailure: parts.find((part) => part.firstFailure !== undefined)?.firstFailure,
    samplesMs,
  };
}
