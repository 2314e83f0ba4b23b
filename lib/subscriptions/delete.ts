import "server-only";
import { budgetedAcceloClient } from "../accelo/api-client";
import { AcceloApiError } from "../accelo/errors";
import { deleteSubscription } from "../accelo/subscriptions";
import { forgetSubscriptionSecrets } from "./accepted-secrets";
import { subscriptionsConfig } from "./config";
import { markSubscriptionDeleted } from "./store";

/**
 * Deletes a subscription on Accelo's side. Its secret is still accepted for the grace period
 * (SUBSCRIPTION_SECRET_GRACE_SECONDS), for deliveries Accelo had already sent. One Accelo no
 * longer has counts as deleted: the outcome the person asked for.
 */
export async function deleteAppSubscription(id: string, now = new Date()): Promise<void> {
  try {
    await deleteSubscription(budgetedAcceloClient(), id);
  } catch (error) {
    if (!(error instanceof AcceloApiError && error.code === "object_gone")) throw error;
  }
  await markSubscriptionDeleted(id, now, new Date(now.getTime() + subscriptionsConfig().graceMs));
  forgetSubscriptionSecrets();
}
