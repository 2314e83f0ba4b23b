import "server-only";
import { findDelivery } from "../deliveries/queries";
import { DomainError } from "../errors";
import { type DestinationRecord, eventsOf, findDestinationRecord, listDestinationRecords } from "./destinations";
import { destinationStats, enqueueReplay, forwardJobsOfDelivery } from "./jobs";
import type { DeliveryForwarding, DestinationView } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (date: Date | null) => date?.toISOString() ?? null;

export function destinationView(
  record: DestinationRecord,
  stats = { attempts: 0, succeeded: 0, backlog: 0 },
): DestinationView {
  return {
    id: record.id,
    name: record.name,
    displayUrl: record.displayUrl,
    events: eventsOf(record),
    includeFailedSignatures: record.includeFailedSignatures,
    signed: record.signed,
    timeoutMs: record.timeoutMs,
    enabled: record.enabled,
    pausedReason: record.pausedReason,
    failingSince: iso(record.failingSince),
    createdAt: record.createdAt.toISOString(),
    stats: { attempts24h: stats.attempts, succeeded24h: stats.succeeded, backlog: stats.backlog },
  };
}

/** Every destination with its last day's success rate and its backlog. */
export async function listDestinations(now = new Date()): Promise<DestinationView[]> {
  const [records, stats] = await Promise.all([
    listDestinationRecords(),
    destinationStats(new Date(now.getTime() - DAY_MS)),
  ]);
  return records.map((record) => destinationView(record, stats.get(record.id)));
}

/** Each destination's attempts for one delivery, with every destination listed so it can be replayed to. */
export async function deliveryForwarding(deliveryId: number): Promise<DeliveryForwarding> {
  if (!(await findDelivery(deliveryId))) throw new DomainError("not_found", `No delivery with id ${deliveryId}`);
  const [records, jobs] = await Promise.all([listDestinationRecords(), forwardJobsOfDelivery(deliveryId)]);
  return {
    destinations: records.map((record) => {
      const mine = jobs.filter((job) => job.destinationId === record.id);
      return {
        destinationId: record.id,
        name: record.name,
        displayUrl: record.displayUrl,
        status: mine.at(-1)?.status ?? null,
        attempts: mine.flatMap((job) =>
          job.attemptLog.map((attempt) => ({
            id: attempt.id,
            startedAt: attempt.startedAt.toISOString(),
            durationMs: attempt.durationMs,
            httpStatus: attempt.httpStatus,
            error: attempt.error,
            response: attempt.responseExcerpt ? Buffer.from(attempt.responseExcerpt).toString("utf8") : null,
            nextRetryAt: iso(attempt.nextRetryAt),
          })),
        ),
      };
    }),
  };
}

/** Sends one delivery to one destination again, now: a job of its own, with its own attempts. */
export async function replayDelivery(deliveryId: number, destinationId: number): Promise<{ jobId: number }> {
  const [delivery, destination] = await Promise.all([findDelivery(deliveryId), findDestinationRecord(destinationId)]);
  if (!delivery) throw new DomainError("not_found", `No delivery with id ${deliveryId}`);
  if (!destination) throw new DomainError("not_found", `No destination with id ${destinationId}`);
  if (!destination.enabled)
    throw new DomainError("conflict", `Destination “${destination.name}” is paused: resume it first`);
  if (delivery.compacted || delivery.oversized) {
    throw new DomainError("conflict", "Only the first bytes of this delivery were kept, so it cannot be sent again");
  }
  return { jobId: await enqueueReplay(deliveryId, destinationId) };
}
