import "server-only";
import { db } from "../db/client";

// Every query of the AlertNotification table: the outbox of messages owed to channels. A row is
// claimed by one worker at a time (lockedBy, lockedUntil), so instances sharing a database never
// send one twice, and a crashed worker's claim lapses.

/** How long a claim holds: longer than a send can take (its timeout is 10 s). */
const CLAIM_MS = 60_000;

export async function enqueueNotifications(
  incidentId: number,
  event: "opened" | "resolved",
  channelIds: readonly number[],
  at: Date,
): Promise<void> {
  if (channelIds.length === 0) return;
  await db.alertNotification.createMany({
    data: channelIds.map((channelId) => ({ incidentId, channelId, event, status: "pending", runAfter: at })),
  });
}

export interface ClaimedNotification {
  id: number;
  incidentId: number;
  channelId: number;
  event: "opened" | "resolved";
  attempts: number;
}

/** Takes up to `limit` notifications that are due, for this worker. */
export async function claimDueNotifications(
  workerId: string,
  limit: number,
  now: Date,
): Promise<ClaimedNotification[]> {
  const due = {
    runAfter: { lte: now },
    OR: [{ status: "pending" }, { status: "running", lockedUntil: { lt: now } }],
  };
  const candidates = await db.alertNotification.findMany({
    where: due,
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, incidentId: true, channelId: true, event: true, attempts: true },
  });
  const claimed: ClaimedNotification[] = [];
  for (const candidate of candidates) {
    const { count } = await db.alertNotification.updateMany({
      where: { id: candidate.id, ...due },
      data: { status: "running", lockedBy: workerId, lockedUntil: new Date(now.getTime() + CLAIM_MS) },
    });
    if (count === 1) claimed.push({ ...candidate, event: candidate.event as ClaimedNotification["event"] });
  }
  return claimed;
}

/** Records an attempt: sent, to be retried at `retryAt`, or failed for good. */
export async function settleNotification(
  notification: ClaimedNotification,
  workerId: string,
  outcome:
    | { status: "sent"; at: Date }
    | { status: "pending"; retryAt: Date; error: string }
    | { status: "failed"; error: string },
): Promise<void> {
  await db.alertNotification.updateMany({
    where: { id: notification.id, lockedBy: workerId },
    data: {
      status: outcome.status,
      attempts: notification.attempts + 1,
      lockedBy: null,
      lockedUntil: null,
      ...(outcome.status === "sent" ? { sentAt: outcome.at, lastError: null } : { lastError: outcome.error }),
      ...(outcome.status === "pending" && { runAfter: outcome.retryAt }),
    },
  });
}
