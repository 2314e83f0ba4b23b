import { db } from "../db/client";
import { acceloConfigFromEnv, type AcceloConfig } from "./accelo-config";
import { checkFetchAllowed, type FetchableDelivery } from "./resource-url";

/**
 * Records the fetch a new delivery calls for: a pending job the worker (fetch-worker.ts) takes up
 * after a short delay, or a skipped one that says why not. Called by the receiver after it has
 * answered, so nothing here can slow the answer; it never throws, because by then nobody would
 * catch it. With no Accelo API configured, snapshots are off and nothing is recorded.
 */
export async function scheduleFetchForDelivery(
  delivery: FetchableDelivery & { id: number },
  config?: AcceloConfig,
): Promise<void> {
  try {
    await recordFetchJob(delivery, config ?? acceloConfigFromEnv());
  } catch (error) {
    console.error(`[snapshots] could not schedule a fetch for delivery ${delivery.id}: ${(error as Error).message}`);
  }
}

async function recordFetchJob(delivery: FetchableDelivery & { id: number }, config: AcceloConfig | undefined) {
  if (!config) return;
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
