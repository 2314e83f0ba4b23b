import "server-only";
import type { ResourceTarget } from "../accelo/resource-url";
import { db } from "../db/client";
import { insertRows } from "../db/insert-rows";
import type { FetchJob, Prisma } from "../db/prisma";

// Every query of the FetchJob table: the queue's writes, claims and the reads of the pages.

const FETCH_JOB_COLUMNS = [
  "resourceUrl",
  "resourceType",
  "resourceId",
  "trigger",
  "deliveryId",
  "status",
  "reason",
  "runAfter",
  "createdAt",
  "finishedAt",
] as const satisfies readonly (keyof Prisma.FetchJobUncheckedCreateInput)[];
/** A job as scheduling writes it: every column above, none left to a default. */
export type NewFetchJob = Required<Pick<Prisma.FetchJobUncheckedCreateInput, (typeof FETCH_JOB_COLUMNS)[number]>>;

/** One statement for all: a job per delivery is written as often as deliveries arrive (lib/db/insert-rows.ts). */
export async function insertFetchJobs(jobs: readonly NewFetchJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.$executeRaw(insertRows("FetchJob", FETCH_JOB_COLUMNS, jobs));
}

/** The newest job of a delivery: what became of its automatic fetch. */
export function latestJobOfDelivery(deliveryId: number): Promise<FetchJob | null> {
  return db.fetchJob.findFirst({ where: { deliveryId }, orderBy: { id: "desc" } });
}

/** How many other jobs one fetch answered along with this one. */
export function countJobsSharingSnapshot(job: Pick<FetchJob, "id" | "snapshotId">): Promise<number> {
  if (job.snapshotId === null) return Promise.resolve(0);
  return db.fetchJob.count({ where: { snapshotId: job.snapshotId, id: { not: job.id } } });
}

/**
 * How long a claim holds. Longer than the slowest fetch (a token request and two resource requests,
 * each up to the request timeout), so a live worker never loses its jobs; a crashed one's jobs are
 * taken over when it runs out.
 */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;

export interface ClaimedBatch {
  target: ResourceTarget;
  /** Every job of the resource that was pending: one fetch answers them all. Oldest first. */
  jobIds: number[];
  /** The delivery the snapshot is credited to: the oldest job's. */
  deliveryId: number | null;
  /** Tries already made for this resource, counting the most-tried job. */
  attempts: number;
}

const claimable = (now: Date) => ({
  OR: [{ status: "pending" }, { status: "running", lockedUntil: { lt: now } }],
});

/**
 * Claims the pending jobs of one resource that is due. The claim is one conditional UPDATE of all
 * the resource's claimable jobs, so when several workers (in this process or other instances on the
 * same database) race, each job goes to exactly one of them; a burst of deliveries for one object
 * becomes one batch and one fetch.
 */
export async function claimNextBatch(workerId: string, now = new Date()): Promise<ClaimedBatch | undefined> {
  for (let round = 0; round < 5; round++) {
    const due = await db.fetchJob.findFirst({
      where: {
        OR: [
          { status: "pending", runAfter: { lte: now } },
          { status: "running", lockedUntil: { lt: now } },
        ],
      },
      orderBy: [{ runAfter: "asc" }, { id: "asc" }],
      select: { resourceUrl: true },
    });
    if (!due) return undefined;
    const { count } = await db.fetchJob.updateMany({
      where: { resourceUrl: due.resourceUrl, ...claimable(now) },
      data: { status: "running", lockedBy: workerId, lockedUntil: new Date(now.getTime() + CLAIM_LEASE_MS) },
    });
    if (count === 0) continue; // another worker took them between the read and the update
    const jobs = await db.fetchJob.findMany({
      where: { resourceUrl: due.resourceUrl, status: "running", lockedBy: workerId },
      orderBy: { id: "asc" },
      select: { id: true, resourceType: true, resourceId: true, deliveryId: true, attempts: true },
    });
    if (jobs.length === 0) continue;
    return {
      target: { url: due.resourceUrl, type: jobs[0].resourceType, id: jobs[0].resourceId },
      jobIds: jobs.map((job) => job.id),
      deliveryId: jobs[0].deliveryId,
      attempts: Math.max(...jobs.map((job) => job.attempts)),
    };
  }
  return undefined;
}

const ownedBy = (batch: ClaimedBatch, workerId: string) => ({
  id: { in: batch.jobIds },
  status: "running",
  lockedBy: workerId,
});

/** The fetch is over: every job of the batch points at its snapshot. */
export async function finishBatch(
  batch: ClaimedBatch,
  workerId: string,
  result: { snapshotId: number; failure?: string },
): Promise<void> {
  await db.fetchJob.updateMany({
    where: ownedBy(batch, workerId),
    data: {
      status: result.failure ? "failed" : "done",
      reason: result.failure ?? null,
      snapshotId: result.snapshotId,
      attempts: batch.attempts + 1,
      finishedAt: new Date(),
      lockedBy: null,
      lockedUntil: null,
    },
  });
}

/** Hands the batch back to the queue, due again at `runAfter`. */
export async function releaseBatch(
  batch: ClaimedBatch,
  workerId: string,
  { runAfter, reason, countsAsAttempt }: { runAfter: Date; reason: string; countsAsAttempt: boolean },
): Promise<void> {
  await db.fetchJob.updateMany({
    where: ownedBy(batch, workerId),
    data: {
      status: "pending",
      reason,
      runAfter,
      attempts: countsAsAttempt ? batch.attempts + 1 : batch.attempts,
      lockedBy: null,
      lockedUntil: null,
    },
  });
}
