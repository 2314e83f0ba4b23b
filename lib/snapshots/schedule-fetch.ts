import { after } from "next/server";
import { db } from "../db/client";
import { acceloConfigFromEnv, type AcceloConfig } from "./accelo-config";
import { checkFetchAllowed } from "./resource-url";

/**
 * Records the fetch a new delivery calls for: a pending job the worker (fetch-worker.ts) takes up
 * after a short delay, or a skipped one that says why not. Called by the receiver after it has
 * answered, so nothing here can slow the answer; it never throws, because by then nobody would
 * catch it. With no Accelo API configured, snapshots are off and nothing is recorded.
 */
export async function scheduleFetchForDelivery(delivery: { id: number }, config?: AcceloConfig): Promise<void> {
  try {
    await recordFetchJob(delivery, config ?? acceloConfigFromEnv());
  } catch (error) {
    console.error(`[snapshots] could not schedule a fetch for delivery ${delivery.id}: ${(error as Error).message}`);
  }
}

async function recordFetchJob({ id }: { id: number }, config: AcceloConfig | undefined) {
  if (!config) return;
  // Read back rather than handed over, so the receiver passes only the id it already has.
  const delivery = await db.delivery.findUnique({
    where: { id },
    select: { id: true, resourceUrl: true, signatureVerdict: true },
  });
  if (!delivery) return;
  const permission = checkFetchAllowed(delivery, config);
  if (!permission.allowed || !config.autoFetch) {
    await db.fetchJob.create({
      data: {
        resourceUrl: delivery.resourceUrl ?? "",
        resourceType: permission.allowed ? permission.target.type : "",
        resourceId: permission.allowed ? permission.target.id : "",
        trigger: "delivery",
        deliveryId: delivery.id,
        status: "skipped",
        reason: permission.allowed ? "auto_fetch_disabled" : permission.reason,
        finishedAt: new Date(),
      },
    });
    return;
  }
  await db.fetchJob.create({
    data: {
      resourceUrl: permission.target.url,
      resourceType: permission.target.type,
      resourceId: permission.target.id,
      trigger: "delivery",
      deliveryId: delivery.id,
      status: "pending",
      runAfter: new Date(Date.now() + config.fetchDelayMs),
    },
  });
}

/**
 * The receiver's one call: schedules the fetch once the answer has been sent (Next's `after()`).
 * Outside a request, where a test calls a route handler directly, there is no answer to wait
 * for and the fetch is scheduled at once, unawaited.
 */
export function scheduleFetchAfterResponse(delivery: { id: number }): void {
  const schedule = () => scheduleFetchForDelivery(delivery);
  try {
    after(schedule);
  } catch {
    void schedule();
  }
}
