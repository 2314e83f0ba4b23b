import "server-only";
import { type AcceloConfig, AcceloNotConfiguredError, acceloConfigFromEnv } from "../accelo/config";
import { explainFetchReason } from "../accelo/fetch-reasons";
import { checkFetchAllowed } from "../accelo/resource-url";
import { findFetchableDelivery } from "../deliveries/queries";
import { DomainError } from "../errors";
import { countJobsSharingSnapshot, latestJobOfDelivery } from "../fetch-queue/jobs";
import { SCHEDULING_GRACE_MS } from "../fetch-queue/schedule";
import { findSnapshot, latestSnapshot } from "./queries";
import { NOT_CONFIGURED_MESSAGE } from "./refresh";
import type { AutomaticFetch, DeliverySnapshot } from "./schemas";
import { toSnapshotView } from "./store";

function configOrReason(): { config?: AcceloConfig; message: string } {
  try {
    return { config: acceloConfigFromEnv(), message: NOT_CONFIGURED_MESSAGE };
  } catch (error) {
    if (error instanceof AcceloNotConfiguredError) return { message: error.message };
    throw error;
  }
}

async function automaticFetch(
  delivery: { id: number; receivedAt: Date },
  permission: ReturnType<typeof checkFetchAllowed>,
  config: AcceloConfig,
): Promise<AutomaticFetch> {
  const job = await latestJobOfDelivery(delivery.id);
  if (!job) {
    if (permission.kind === "skipped")
      return { kind: "skipped", reason: permission.reason, message: explainFetchReason(permission.reason) };
    // The receiver writes jobs in a quiet moment, a second or so after the answer (lib/fetch-queue/schedule.ts).
    if (Date.now() - delivery.receivedAt.getTime() < SCHEDULING_GRACE_MS) {
      return {
        kind: "pending",
        attempts: 0,
        runAfter: new Date(delivery.receivedAt.getTime() + config.fetchDelayMs).toISOString(),
        reason: null,
        message: null,
      };
    }
    return { kind: "none", message: "No fetch was recorded: the delivery arrived before fetching was set up" };
  }
  const message = job.reason
    ? explainFetchReason(
        job.reason,
        job.reason === "rate_limited" || job.reason === "budget_exhausted" ? job.runAfter : null,
      )
    : null;
  switch (job.status) {
    case "skipped":
      return { kind: "skipped", reason: job.reason ?? "unknown", message: message ?? "Not fetched" };
    case "pending":
    case "running":
      return {
        kind: job.status,
        attempts: job.attempts,
        runAfter: job.runAfter.toISOString(),
        reason: job.reason,
        message,
      };
    default: {
      const [snapshot, sharedWith] = await Promise.all([
        job.snapshotId === null ? null : findSnapshot(job.snapshotId),
        countJobsSharingSnapshot(job),
      ]);
      return {
        kind: job.status === "failed" ? "failed" : "done",
        reason: job.reason,
        message,
        snapshot: snapshot ? toSnapshotView(snapshot) : null,
        sharedWith,
      };
    }
  }
}

/** Everything the delivery page shows about the snapshot of the object a delivery points to. */
export async function getDeliverySnapshot(deliveryId: number): Promise<DeliverySnapshot> {
  const delivery = await findFetchableDelivery(deliveryId);
  if (!delivery) throw new DomainError("not_found", `No delivery ${deliveryId}`);
  const resource =
    delivery.resourceType && delivery.resourceId ? { type: delivery.resourceType, id: delivery.resourceId } : null;
  const { config, message } = configOrReason();
  const latestRow = resource ? await latestSnapshot(resource) : null;
  if (!config) {
    return {
      deliveryId,
      resource,
      automatic: { kind: "off", message },
      refresh: { kind: "unavailable", message },
      latest: latestRow ? toSnapshotView(latestRow) : null,
    };
  }
  const permission = checkFetchAllowed(delivery, config);
  const automatic = await automaticFetch(delivery, permission, config);
  const automaticSnapshotId = "snapshot" in automatic ? automatic.snapshot?.id : undefined;
  return {
    deliveryId,
    resource,
    automatic,
    refresh:
      permission.kind === "allowed"
        ? { kind: "allowed" }
        : { kind: "unavailable", message: explainFetchReason(permission.reason) },
    latest: latestRow && latestRow.id !== automaticSnapshotId ? toSnapshotView(latestRow) : null,
  };
}
