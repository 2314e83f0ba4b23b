import "server-only";
import { db } from "../db/client";
import { countForwardAttempt } from "../insights/rollups";

// Every query of the ForwardJob and ForwardAttempt tables: the durable outbound queue and the
// record of each POST it made.

export interface NewForwardJob {
  deliveryId: number;
  destinationId: number;
  trigger: "delivery" | "replay";
}

/** Longer than any send (30 s at most) with room: a crashed worker's jobs are taken over after it. */
const CLAIM_LEASE_MS = 2 * 60_000;

const claimable = (now: Date) => ({
  OR: [
    { status: "pending", runAfter: { lte: now } },
    { status: "running", lockedUntil: { lt: now } },
  ],
  destination: { enabled: true },
});

export interface ClaimedForwardJob {
  id: number;
  deliveryId: number;
  destinationId: number;
  trigger: string;
  attempts: number;
  createdAt: Date;
}

/**
 * Claims up to `limit` due jobs of enabled destinations. The claim is one conditional UPDATE of
 * the candidates just read, so when workers race (in this process or other instances on the same
 * database) each job goes to exactly one of them: the same guarantee as SELECT … FOR UPDATE SKIP
 * LOCKED, on SQLite as well.
 */
export async function claimForwardJobs(
  workerId: string,
  limit: number,
  now = new Date(),
): Promise<ClaimedForwardJob[]> {
  const candidates = await db.forwardJob.findMany({
    where: claimable(now),
    orderBy: [{ runAfter: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
  if (candidates.length === 0) return [];
  const ids = candidates.map(({ id }) => id);
  await db.forwardJob.updateMany({
    where: { id: { in: ids }, ...claimable(now) },
    data: { status: "running", lockedBy: workerId, lockedUntil: new Date(now.getTime() + CLAIM_LEASE_MS) },
  });
  return db.forwardJob.findMany({
    where: { id: { in: ids }, status: "running", lockedBy: workerId },
    orderBy: { id: "asc" },
    select: { id: true, deliveryId: true, destinationId: true, trigger: true, attempts: true, createdAt: true },
  });
}

export interface AttemptRecord {
  startedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
  responseExcerpt: Uint8Array | null;
}

/**
 * Records one attempt and moves its job on: done, failed, or pending again at `retryAt`. Written
 * only while the worker still holds the job, so a job taken over after a lease ran out is not
 * finished twice. The job's new status and its attempt are one transaction: a page that reads the
 * job as done stops polling, so it must find the attempt beside it.
 */
export async function settleForwardJob(
  job: ClaimedForwardJob,
  workerId: string,
  attempt: AttemptRecord,
  next: { status: "done" | "failed" } | { status: "pending"; retryAt: Date },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.forwardJob.updateMany({
      where: { id: job.id, status: "running", lockedBy: workerId },
      data: {
        status: next.status,
        attempts: job.attempts + 1,
        runAfter: next.status === "pending" ? next.retryAt : undefined,
        finishedAt: next.status === "pending" ? null : new Date(),
        lockedBy: null,
        lockedUntil: null,
      },
    });
    if (count === 0) return false;
    await tx.forwardAttempt.create({
      data: {
        jobId: job.id,
        deliveryId: job.deliveryId,
        destinationId: job.destinationId,
        startedAt: attempt.startedAt,
        durationMs: attempt.durationMs,
        httpStatus: attempt.httpStatus,
        error: attempt.error,
        responseExcerpt: attempt.responseExcerpt ? Buffer.from(attempt.responseExcerpt) : null,
        nextRetryAt: next.status === "pending" ? next.retryAt : null,
      },
    });
    await tx.$executeRaw(countForwardAttempt(attempt.startedAt, job.destinationId, attempt.httpStatus));
    return true;
  });
}

/** Hands a job back untried (its delivery or destination could not be read): due again later. */
export async function releaseForwardJob(job: ClaimedForwardJob, workerId: string, runAfter: Date): Promise<void> {
  await db.forwardJob.updateMany({
    where: { id: job.id, status: "running", lockedBy: workerId },
    data: { status: "pending", runAfter, lockedBy: null, lockedUntil: null },
  });
}

/** A job whose delivery or destination is gone: nothing left to send. */
export async function dropForwardJob(job: ClaimedForwardJob, workerId: string): Promise<void> {
  await db.forwardJob.updateMany({
    where: { id: job.id, status: "running", lockedBy: workerId },
    data: { status: "failed", finishedAt: new Date(), lockedBy: null, lockedUntil: null },
  });
}

export async function enqueueReplay(deliveryId: number, destinationId: number): Promise<number> {
  const job = await db.forwardJob.create({ data: { deliveryId, destinationId, trigger: "replay", status: "pending" } });
  return job.id;
}

/** Each destination's attempts since `since`, how many were answered 2xx, and what it is still owed. */
export async function destinationStats(
  since: Date,
): Promise<Map<number, { attempts: number; succeeded: number; backlog: number }>> {
  const [attempts, succeeded, backlog] = await Promise.all([
    db.forwardAttempt.groupBy({ by: ["destinationId"], where: { startedAt: { gte: since } }, _count: { _all: true } }),
    db.forwardAttempt.groupBy({
      by: ["destinationId"],
      where: { startedAt: { gte: since }, httpStatus: { gte: 200, lt: 300 } },
      _count: { _all: true },
    }),
    db.forwardJob.groupBy({
      by: ["destinationId"],
      where: { status: { in: ["pending", "running"] } },
      _count: { _all: true },
    }),
  ]);
  const stats = new Map<number, { attempts: number; succeeded: number; backlog: number }>();
  const entry = (id: number) => {
    let found = stats.get(id);
    if (!found) {
      found = { attempts: 0, succeeded: 0, backlog: 0 };
      stats.set(id, found);
    }
    return found;
  };
  for (const row of attempts) entry(row.destinationId).attempts = row._count._all;
  for (const row of succeeded) entry(row.destinationId).succeeded = row._count._all;
  for (const row of backlog) entry(row.destinationId).backlog = row._count._all;
  return stats;
}

/** A delivery's jobs with their attempts, oldest first. */
export function forwardJobsOfDelivery(deliveryId: number) {
  return db.forwardJob.findMany({
    where: { deliveryId },
    orderBy: { id: "asc" },
    select: {
      id: true,
      destinationId: true,
      status: true,
      trigger: true,
      attemptLog: { orderBy: { id: "asc" } },
    },
  });
}
