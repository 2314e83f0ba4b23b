import "server-only";
import { db } from "../db/client";
import { settingOrCreate, swapSetting } from "../db/settings";
import { deliveriesToSchedule, firstUnsettledDeliveryId, lastDeliveryIdBefore } from "../deliveries/queries";
import { isSignatureFailure } from "../receiver/signature/verdicts";
import type { SignatureVerdict } from "../receiver/signature/verify";
import { type ActiveDestination, activeDestinations } from "./destinations";

// Forwarding reads new deliveries after the receiver has stored them, from a watermark kept in the
// database: the receiver does no work for it, a crash loses nothing (the next run starts from the
// watermark), and when instances race, one compare-and-set on the watermark, in the same
// transaction as the jobs, lets exactly one of them record each delivery's jobs.

const WATERMARK = "forwarding.scheduledThrough";
const BATCH = 500;
/** How long after its arrival a delivery is looked at: see deliveriesToSchedule. */
export const SETTLE_MS = 1000;

interface SchedulableDelivery {
  id: number;
  eventId: string | null;
  signatureVerdict: string;
  compacted: boolean;
  oversized: boolean;
  bodyFormat: string;
}

/** Whether a destination takes a delivery: whole bytes, a body that was read, its event, its verdict. */
export function destinationTakes(destination: ActiveDestination, delivery: SchedulableDelivery): boolean {
  if (delivery.compacted || delivery.oversized) return false;
  if (delivery.bodyFormat === "unparsed" || delivery.bodyFormat === "empty") return false;
  if (destination.events && !(delivery.eventId && destination.events.includes(delivery.eventId))) return false;
  return destination.includeFailedSignatures || !isSignatureFailure(delivery.signatureVerdict as SignatureVerdict);
}

/**
 * Records the jobs of the deliveries past the watermark and moves it on. Deliveries stored before
 * forwarding first ran are not forwarded (the watermark starts at the newest). Returns how many
 * deliveries it looked at: 0 when nothing new had settled, or another instance got there first.
 */
export async function scheduleForwards(now = new Date()): Promise<number> {
  const settledBefore = new Date(now.getTime() - SETTLE_MS);
  const { value } = await settingOrCreate(db, WATERMARK, async () =>
    String((await lastDeliveryIdBefore(settledBefore)) ?? 0),
  );
  const above = Number(value);
  const deliveries = await deliveriesToSchedule(above, await firstUnsettledDeliveryId(above, settledBefore), BATCH);
  const last = deliveries.at(-1);
  if (!last) return 0;
  // Read after the deliveries: a destination made before any of them arrived is among these. With
  // none, the watermark still moves on, so a destination made later gets what comes from then on.
  const destinations = await activeDestinations();
  const jobs = deliveries.flatMap((delivery) =>
    destinations
      .filter((destination) => destinationTakes(destination, delivery))
      .map((destination) => ({
        deliveryId: delivery.id,
        destinationId: destination.id,
        trigger: "delivery",
        status: "pending",
      })),
  );
  try {
    const recorded = await db.$transaction(async (tx) => {
      if (!(await swapSetting(tx, WATERMARK, value, String(last.id)))) return false;
      if (jobs.length > 0) await tx.forwardJob.createMany({ data: jobs });
      return true;
    });
    return recorded ? deliveries.length : 0;
  } catch (error) {
    // A destination deleted since it was read: nothing was recorded, the next pass reads afresh.
    if ((error as { code?: string }).code === "P2003") return 0;
    throw error;
  }
}
