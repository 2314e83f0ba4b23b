import "server-only";
import { z } from "zod";
import type { AcceloClient } from "./client";
import { AcceloApiError } from "./errors";
import { SUBSCRIPTION_ID_PATTERN, type SubscriptionContentType } from "./subscription-fields";

const subscriptionSchema = z.looseObject({
  subscription_id: z.string().regex(SUBSCRIPTION_ID_PATTERN),
  event_id: z.string(),
  trigger_url: z.string(),
  content_type: z.string().optional(),
  trigger_table: z.string().optional(),
  trigger_type: z.string().optional(),
});
export type AcceloSubscription = z.infer<typeof subscriptionSchema>;

const eventTypeSchema = z.looseObject({
  event_id: z.string(),
  event_title: z.string().optional(),
  trigger_table: z.string().optional(),
  trigger_type: z.string().optional(),
});
export type AcceloEventType = z.infer<typeof eventTypeSchema>;

/**
 * Accelo documents the fields of a list, not its shape: a bare array, or an object holding one
 * (`{subscriptions: [...]}`). Either is read; anything else is a bad answer, said in words.
 */
function listIn<T>(response: unknown, key: string, item: z.ZodType<T>): T[] {
  const list = Array.isArray(response)
    ? response
    : typeof response === "object" && response !== null
      ? (response as Record<string, unknown>)[key]
      : undefined;
  const parsed = z.array(item).safeParse(list);
  if (!parsed.success) throw new AcceloApiError("bad_response", { detail: `no ${key} list in the answer` });
  return parsed.data;
}

export async function listSubscriptions(client: AcceloClient): Promise<AcceloSubscription[]> {
  return listIn((await client.call("GET", "webhooks/subscriptions")).response, "subscriptions", subscriptionSchema);
}

export async function listEventTypes(client: AcceloClient): Promise<AcceloEventType[]> {
  return listIn((await client.call("GET", "webhooks/subscriptions/types")).response, "event_types", eventTypeSchema);
}

export async function createSubscription(
  client: AcceloClient,
  input: { eventId: string; contentType: SubscriptionContentType; triggerUrl: string; secret: string },
): Promise<AcceloSubscription> {
  const { response } = await client.call("POST", "webhooks/subscriptions", {
    event_id: input.eventId,
    content_type: input.contentType,
    trigger_url: input.triggerUrl,
    secret: input.secret,
  });
  const created = z.object({ subscription: subscriptionSchema }).safeParse(response);
  if (!created.success) throw new AcceloApiError("bad_response", { detail: "no subscription in the answer" });
  return created.data.subscription;
}

function checkedId(id: string): string {
  if (!SUBSCRIPTION_ID_PATTERN.test(id)) throw new AcceloApiError("bad_response", { detail: "not a subscription id" });
  return id;
}

export async function deleteSubscription(client: AcceloClient, id: string): Promise<void> {
  await client.call("DELETE", `webhooks/subscriptions/${checkedId(id)}`);
}

/** Accelo sends one delivery of `objectId` to the subscription and answers the status the receiver gave. */
export async function dispatchToSubscription(client: AcceloClient, id: string, objectId: string): Promise<number> {
  const { response } = await client.call("POST", `webhooks/subscriptions/${checkedId(id)}/dispatch`, {
    object_id: objectId,
  });
  const answered = z.object({ status: z.coerce.number().int() }).safeParse(response);
  if (!answered.success) throw new AcceloApiError("bad_response", { detail: "no status in the dispatch answer" });
  return answered.data.status;
}
