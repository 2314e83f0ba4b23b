import "server-only";
import { budgetHooks } from "../accelo/budget";
import { createAcceloClient } from "../accelo/client";
import type { AcceloConfig } from "../accelo/config";
import { AcceloApiError } from "../accelo/errors";
import type { ResourceTarget } from "../accelo/resource-url";
import type { SnapshotView } from "./schemas";
import { storeSnapshot } from "./store";

export interface FetchReason {
  trigger: "delivery" | "manual";
  deliveryId: number | null;
  /** When false, an error worth retrying is handed back instead of stored: the caller tries again. */
  lastAttempt: boolean;
}

export type FetchOutcome =
  /** The fetch is over: its snapshot holds the object, or the error that Accelo's answer meant. */
  | { kind: "stored"; snapshot: SnapshotView; error?: AcceloApiError }
  /** Nothing stored: rate limited, over budget, or a passing failure to retry later. */
  | { kind: "held"; error: AcceloApiError };

/** Fetches a resource once through the shared budget and keeps what came back as a snapshot. */
export async function fetchSnapshot(
  target: ResourceTarget,
  reason: FetchReason,
  config: AcceloConfig,
): Promise<FetchOutcome> {
  const client = createAcceloClient(config, budgetHooks(config.apiOrigin, config.hourlyBudget));
  const fetchedAt = new Date();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const base = { target, trigger: reason.trigger, deliveryId: reason.deliveryId, fetchedAt };
  try {
    const resource = await client.getResource(target);
    const snapshot = await storeSnapshot({
      ...base,
      durationMs: elapsed(),
      httpStatus: resource.httpStatus,
      meta: resource.meta,
      response: resource.response,
    });
    return { kind: "stored", snapshot };
  } catch (error) {
    if (!(error instanceof AcceloApiError)) throw error;
    const waitsForLimit = error.code === "rate_limited" || error.code === "budget_exhausted";
    if (waitsForLimit || (error.retryable && !reason.lastAttempt)) return { kind: "held", error };
    const snapshot = await storeSnapshot({
      ...base,
      durationMs: elapsed(),
      httpStatus: error.httpStatus,
      meta: error.meta,
      error: { code: error.code, message: error.message },
    });
    return { kind: "stored", snapshot, error };
  }
}
