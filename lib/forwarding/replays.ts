import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import {
  type DeliveryFilters,
  deliveryFiltersSchema,
  resolveTimeWindow,
  serializeDeliveryFilters,
} from "../deliveries/filters";
import { listConditions } from "../deliveries/list-deliveries";
import { countListRows, edgeDeliveryId, idRangeForTimeWindow, selectListIds } from "../deliveries/queries";
import { DomainError } from "../errors";
import { findDestinationRecord } from "./destinations";
import type { ReplayView } from "./schemas";

// A bulk replay sends everything the list's filters match, not only the visible page, to one
// destination. The matching ids are frozen when it starts (new deliveries are forwarded anyway),
// counted for the dry run, and enqueued a few at a time by the forwarding worker.

const rateSchema = z.object({ FORWARD_REPLAY_RATE: z.coerce.number().int().min(1).max(10_000).default(50) });

/** Deliveries a replay enqueues a second: live forwards and the receiver come first. */
export function replayRate(env: Record<string, string | undefined> = process.env): number {
  return rateSchema.parse(env).FORWARD_REPLAY_RATE;
}

interface Plan {
  filters: DeliveryFilters;
  afterId: number;
  belowId: number;
  count: number;
}

async function plan(query: unknown, now: Date): Promise<Plan> {
  const filters = deliveryFiltersSchema.parse(query);
  const range = await idRangeForTimeWindow(resolveTimeWindow(filters, now));
  const newest = (await edgeDeliveryId("desc")) ?? 0;
  if (!range) return { filters, afterId: 0, belowId: 1, count: 0 };
  const belowId = Math.min(range.below, newest + 1);
  const count = await countListRows(listConditions(filters, range.above, belowId));
  return { filters, afterId: range.above, belowId, count };
}

async function progress(id: number): Promise<ReplayView> {
  const replay = await db.replay.findUnique({ where: { id }, include: { destination: { select: { name: true } } } });
  if (!replay) throw new DomainError("not_found", `No replay with id ${id}`);
  const jobs = await db.forwardJob.groupBy({ by: ["status"], where: { replayId: id }, _count: { _all: true } });
  const count = (status: string) => jobs.find((job) => job.status === status)?._count._all ?? 0;
  const owed = count("pending") + count("running");
  return {
    id: replay.id,
    destinationId: replay.destinationId,
    destinationName: replay.destination.name,
    filters: replay.filters,
    total: replay.total,
    enqueued: replay.enqueued,
    sent: count("done"),
    failed: count("failed"),
    owed,
    state:
      replay.status === "cancelled" ? "cancelled" : replay.status === "running" || owed > 0 ? "running" : "finished",
    createdAt: replay.createdAt.toISOString(),
    finishedAt: replay.finishedAt?.toISOString() ?? null,
  };
}

/** `dryRun`: how many it would send. Otherwise starts it and answers its progress. */
export async function startReplay(
  input: { filters: unknown; destinationId: number; dryRun: boolean },
  now = new Date(),
): Promise<{ count: number } | ReplayView> {
  const destination = await findDestinationRecord(input.destinationId);
  if (!destination) throw new DomainError("not_found", `No destination with id ${input.destinationId}`);
  const planned = await plan(input.filters, now);
  if (input.dryRun) return { count: planned.count };
  if (!destination.enabled)
    throw new DomainError("conflict", `Destination “${destination.name}” is paused: resume it first`);
  const replay = await db.replay.create({
    data: {
      destinationId: destination.id,
      filters: serializeDeliveryFilters({ ...planned.filters, cursor: undefined }),
      afterId: planned.afterId,
      belowId: planned.belowId,
      total: planned.count,
      status: planned.count === 0 ? "enqueued" : "running",
      finishedAt: planned.count === 0 ? now : null,
    },
  });
  return progress(replay.id);
}

export function replayProgress(id: number): Promise<ReplayView> {
  return progress(id);
}

export async function listReplays(): Promise<ReplayView[]> {
  const recent = await db.replay.findMany({ orderBy: { id: "desc" }, take: 20, select: { id: true } });
  return Promise.all(recent.map(({ id }) => progress(id)));
}

/** Stops a replay: nothing more is enqueued, and what it enqueued but did not yet send is dropped. */
export async function cancelReplay(id: number, now = new Date()): Promise<ReplayView> {
  const { count } = await db.replay.updateMany({
    where: { id, status: { not: "cancelled" } },
    data: { status: "cancelled", finishedAt: now },
  });
  if (count === 1) await db.forwardJob.deleteMany({ where: { replayId: id, status: "pending" } });
  return progress(id);
}

/**
 * Enqueues up to `allowance` deliveries of the oldest running replay. The replay's position moves
 * by compare-and-set in the same transaction as the jobs, so instances racing enqueue each once.
 * Returns how many it enqueued.
 */
export async function advanceReplays(allowance: number, now = new Date()): Promise<number> {
  const replay = await db.replay.findFirst({ where: { status: "running" }, orderBy: { id: "asc" } });
  if (!replay || allowance <= 0) return 0;
  const filters = deliveryFiltersSchema.parse(Object.fromEntries(new URLSearchParams(replay.filters)));
  const ids = await selectListIds(listConditions(filters, replay.afterId, replay.belowId), allowance);
  if (ids.length === 0) {
    await db.replay.updateMany({
      where: { id: replay.id, status: "running" },
      data: { status: "enqueued", finishedAt: now },
    });
    return 0;
  }
  const last = ids[ids.length - 1];
  await db.$transaction(async (tx) => {
    const { count } = await tx.replay.updateMany({
      where: { id: replay.id, status: "running", afterId: replay.afterId },
      data: { afterId: last, enqueued: { increment: ids.length } },
    });
    if (count === 0) return;
    await tx.forwardJob.createMany({
      data: ids.map((deliveryId) => ({
        deliveryId,
        destinationId: replay.destinationId,
        trigger: "replay",
        status: "pending",
        replayId: replay.id,
      })),
    });
  });
  return ids.length;
}
