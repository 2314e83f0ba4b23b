import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { budgetedAcceloClient } from "../accelo/api-client";
import { dispatchToSubscription, listSubscriptions } from "../accelo/subscriptions";
import { edgeDeliveryId, findDispatchedDelivery } from "../deliveries/queries";
import { DomainError } from "../errors";
import { subscriptionsConfig } from "./config";
import type { SendTestResult } from "./schemas";
import { findSubscription } from "./store";

/** Accelo gives up on a delivery after 10 s: a test that has not arrived by then will not. */
export const SEND_TEST_WAIT_MS = 10_000;
const POLL_MS = 200;

function adviceFor(result: Omit<SendTestResult, "advice">, publicUrl: string | undefined, waitMs: number): string[] {
  const { delivery } = result;
  if (!delivery) {
    return [
      `Nothing reached this app within ${waitMs / 1000} s, though Accelo reported HTTP ${result.acceloStatus}.`,
      publicUrl
        ? `Check that ${publicUrl} is reachable from the internet: Accelo posts from its own servers, so a localhost or private address never works.`
        : "PUBLIC_URL is not set, so the subscription's target may not be this app: set it to the URL Accelo reaches this app at.",
      "Over HTTPS, check that the certificate is valid and its chain complete: Accelo does not send to a host it cannot verify.",
      "A proxy, load balancer or firewall in between may refuse or redirect the POST: its log shows whether Accelo's request came.",
    ];
  }
  if (delivery.verdict === "invalid" || delivery.verdict === "missing") {
    return [
      "The delivery arrived, but its signature did not match any secret this app knows: the subscription's secret is out of step. Recreate the subscription here, or set its secret in ACCELO_WEBHOOK_SECRET.",
    ];
  }
  return [];
}

/**
 * Asks Accelo to send one delivery of `objectId` to a subscription, then shows, side by side,
 * what Accelo reported and the delivery that arrived here, waiting up to 10 s for it (tests wait less).
 */
export async function sendTestDelivery(
  id: string,
  objectId: string,
  waitMs = SEND_TEST_WAIT_MS,
): Promise<SendTestResult> {
  const client = budgetedAcceloClient();
  const record = await findSubscription(id);
  const eventId =
    record?.eventId ??
    (await listSubscriptions(client)).find((subscription) => subscription.subscription_id.toLowerCase() === id)
      ?.event_id;
  if (!eventId) throw new DomainError("not_found", "Accelo has no subscription with this id");

  const above = (await edgeDeliveryId("desc")) ?? 0;
  const started = performance.now();
  const acceloStatus = await dispatchToSubscription(client, id, objectId);
  const match = { subscriptionId: record ? id : null, eventId };
  let found = await findDispatchedDelivery(match, objectId, above);
  while (!found && performance.now() - started < waitMs) {
    await sleep(POLL_MS);
    found = await findDispatchedDelivery(match, objectId, above);
  }
  const result = {
    acceloStatus,
    delivery: found && {
      id: found.id,
      receivedAt: found.receivedAt.toISOString(),
      verdict: found.signatureVerdict,
      reason: found.signatureReason,
      responseStatus: found.responseStatus,
      subscriptionId: found.subscriptionId,
    },
    waitedMs: Math.round(performance.now() - started),
  };
  return { ...result, advice: adviceFor(result, subscriptionsConfig().receiverUrl, waitMs) };
}
