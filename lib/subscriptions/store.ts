import "server-only";
import { db } from "../db/client";
import type { Subscription } from "../db/prisma";

// Every query of the Subscription table: the subscriptions made from this dashboard, with their
// sealed secrets, kept after deletion so that their deliveries still name them.

export type SubscriptionRecord = Omit<Subscription, "secret">;

export async function saveSubscription(
  record: Omit<Subscription, "createdAt" | "deletedAt" | "acceptUntil" | "vanishedAt" | "replacedById">,
): Promise<SubscriptionRecord> {
  return db.subscription.create({ data: record });
}

export async function findSubscription(id: string): Promise<SubscriptionRecord | null> {
  return db.subscription.findUnique({ where: { id } });
}

/** Every subscription made here, newest first, the deleted ones included. */
export async function listSubscriptionRecords(): Promise<SubscriptionRecord[]> {
  return db.subscription.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
}

/** Made here, not deleted here, and no longer listed by Accelo: what the banner on every page names. */
export async function listVanishedSubscriptions(): Promise<(SubscriptionRecord & { vanishedAt: Date })[]> {
  const rows = await db.subscription.findMany({
    where: { vanishedAt: { not: null }, deletedAt: null },
    orderBy: { vanishedAt: "asc" },
  });
  return rows.flatMap((row) => (row.vanishedAt ? [{ ...row, vanishedAt: row.vanishedAt }] : []));
}

/** The sealed secrets the receiver accepts: live subscriptions, and deleted ones within their grace. */
export async function acceptedSealedSecrets(
  now: Date,
): Promise<{ id: string; secret: string; acceptUntil: Date | null }[]> {
  return db.subscription.findMany({
    where: { OR: [{ deletedAt: null }, { acceptUntil: { gt: now } }] },
    select: { id: true, secret: true, acceptUntil: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Marks a subscription deleted; false when it was deleted already (or never made here). */
export async function markSubscriptionDeleted(id: string, deletedAt: Date, acceptUntil: Date): Promise<boolean> {
  const { count } = await db.subscription.updateMany({
    where: { id, deletedAt: null },
    data: { deletedAt, acceptUntil },
  });
  return count === 1;
}

/** Notes that Accelo no longer lists a subscription; only the first sighting counts. */
export async function markSubscriptionsVanished(ids: readonly string[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.subscription.updateMany({
    where: { id: { in: [...ids] }, deletedAt: null, vanishedAt: null },
    data: { vanishedAt: at },
  });
  return count;
}

/** A subscription listed by Accelo again (a vanishing seen during an outage of its list) is not vanished. */
export async function clearVanished(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.subscription.updateMany({
    where: { id: { in: [...ids] }, vanishedAt: { not: null }, deletedAt: null },
    data: { vanishedAt: null },
  });
}

/** The vanished subscription is replaced: its secret keeps its grace, the banner goes. */
export async function markSubscriptionReplaced(
  id: string,
  replacedById: string,
  deletedAt: Date,
  acceptUntil: Date,
): Promise<void> {
  await db.subscription.updateMany({
    where: { id, deletedAt: null },
    data: { replacedById, deletedAt, acceptUntil },
  });
}
