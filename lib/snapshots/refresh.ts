import "server-only";
import { type AcceloConfig, acceloConfigFromEnv } from "../accelo/config";
import { explainFetchReason } from "../accelo/fetch-reasons";
import { checkFetchAllowed } from "../accelo/resource-url";
import { findFetchableDelivery } from "../deliveries/queries";
import { DomainError } from "../errors";
import { diffSnapshots } from "./diff";
import { fetchSnapshot } from "./fetch";
import { latestSuccessfulSnapshot } from "./queries";
import type { RefreshResult } from "./schemas";
import { toSnapshotView } from "./store";

export const NOT_CONFIGURED_MESSAGE =
  "No Accelo API is configured: set ACCELO_DEPLOYMENT (or ACCELO_API_BASE_URL) and ACCELO_ACCESS_TOKEN (or ACCELO_CLIENT_ID and ACCELO_CLIENT_SECRET)";

/**
 * A person pressed Refresh on a delivery: fetch its resource now, once (no retries: the person
 * sees the answer), keep it as a manual snapshot, and say what changed since the previous one.
 * The same rules as the automatic fetch decide whether the token may be sent.
 */
export async function refreshDeliveryResource(
  deliveryId: number,
  config: AcceloConfig | undefined = acceloConfigFromEnv(),
): Promise<RefreshResult> {
  const delivery = await findFetchableDelivery(deliveryId);
  if (!delivery) throw new DomainError("not_found", `No delivery ${deliveryId}`);
  if (!config) throw new DomainError("not_configured", NOT_CONFIGURED_MESSAGE);
  const permission = checkFetchAllowed(delivery, config);
  if (permission.kind === "skipped") {
    throw new DomainError("forbidden", explainFetchReason(permission.reason), { reason: permission.reason });
  }

  const previous = await latestSuccessfulSnapshot(permission.target);
  const outcome = await fetchSnapshot(permission.target, { trigger: "manual", deliveryId, lastAttempt: true }, config);
  // Held back by Accelo's rate limit or this app's budget: answered 429 with when to try again.
  if (outcome.kind === "held") throw outcome.error;
  if (outcome.error) {
    const { code, message } = outcome.error;
    throw new DomainError("upstream_unavailable", message, { reason: code, snapshot: outcome.snapshot });
  }
  const before = previous ? toSnapshotView(previous) : null;
  return {
    snapshot: outcome.snapshot,
    previous: before,
    changes: before ? diffSnapshots(before.response, outcome.snapshot.response) : [],
  };
}
