import "server-only";
import { budgetedAcceloClient } from "../accelo/api-client";
import { createSubscription, deleteSubscription } from "../accelo/subscriptions";
import { forgetSubscriptionSecrets } from "./accepted-secrets";
import { requireReceiverUrl, subscriptionsConfig } from "./config";
import { cachedEventTitles, subscriptionView } from "./overview";
import type { NewSubscription, SubscriptionView } from "./schemas";
import { generateSubscriptionSecret, sealSubscriptionSecret } from "./secret";
import { findSubscription, markSubscriptionReplaced, saveSubscription } from "./store";

/**
 * Makes a subscription that sends to this app, with a secret generated here and sealed at rest;
 * the receiver accepts it from the next delivery on, on every instance, without a restart.
 */
export async function createAppSubscription(input: NewSubscription, now = new Date()): Promise<SubscriptionView> {
  const config = subscriptionsConfig();
  const triggerUrl = requireReceiverUrl(config);
  const client = budgetedAcceloClient();
  const secret = generateSubscriptionSecret();
  const created = await createSubscription(client, {
    eventId: input.eventId,
    contentType: input.contentType,
    triggerUrl,
    secret,
  });
  const id = created.subscription_id.toLowerCase();
  let record: Awaited<ReturnType<typeof saveSubscription>>;
  try {
    record = await saveSubscription({
      id,
      eventId: created.event_id,
      contentType: input.contentType,
      triggerUrl,
      secret: sealSubscriptionSecret(secret),
    });
  } catch (error) {
    // A subscription whose secret was not kept would send deliveries nothing here can verify.
    await deleteSubscription(client, id).catch(() => {});
    throw error;
  }
  forgetSubscriptionSecrets();
  if (input.replaces && (await findSubscription(input.replaces))) {
    await markSubscriptionReplaced(input.replaces, id, now, new Date(now.getTime() + config.graceMs));
  }
  return subscriptionView(created, record, cachedEventTitles(), triggerUrl, undefined);
}
