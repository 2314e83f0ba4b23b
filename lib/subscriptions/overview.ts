import "server-only";
import { budgetedAcceloClient } from "../accelo/api-client";
import {
  type AcceloEventType,
  type AcceloSubscription,
  listEventTypes,
  listSubscriptions,
} from "../accelo/subscriptions";
import { lastDayAbove, subscriptionActivity } from "./activity";
import { subscriptionsConfig, targetsThisApp } from "./config";
import type { SubscriptionsPage, SubscriptionView } from "./schemas";
import { listSubscriptionRecords, type SubscriptionRecord } from "./store";
import { reconcileWithAccelo, subscriptionAlerts } from "./watch";

/** Accelo's event types change with its releases, not by the minute: asked once an hour per process. */
const EVENT_TYPES_TTL_MS = 60 * 60_000;
const eventTypesCache = globalThis as unknown as { accelomonitorEventTypes?: { at: number; types: AcceloEventType[] } };

async function eventTypes(client: ReturnType<typeof budgetedAcceloClient>): Promise<AcceloEventType[]> {
  const cached = eventTypesCache.accelomonitorEventTypes;
  if (cached && Date.now() - cached.at < EVENT_TYPES_TTL_MS) return cached.types;
  const types = await listEventTypes(client);
  eventTypesCache.accelomonitorEventTypes = { at: Date.now(), types };
  return types;
}

/** One subscription as the page shows it, with its deliveries of the last day. */
export async function subscriptionView(
  subscription: AcceloSubscription,
  record: SubscriptionRecord | undefined,
  titles: ReadonlyMap<string, string>,
  receiverUrl: string | undefined,
  dayAbove: number | undefined,
): Promise<SubscriptionView> {
  const id = subscription.subscription_id.toLowerCase();
  const activity = await subscriptionActivity(
    { subscriptionId: record ? id : null, eventId: subscription.event_id },
    dayAbove,
  );
  return {
    id,
    eventId: subscription.event_id,
    eventTitle: titles.get(subscription.event_id) ?? null,
    contentType: subscription.content_type ?? record?.contentType ?? null,
    triggerUrl: subscription.trigger_url,
    targetsThisApp: targetsThisApp(subscription.trigger_url, receiverUrl),
    madeHere: record !== undefined,
    createdAt: record?.createdAt.toISOString() ?? null,
    lastDeliveryAt: activity.lastDeliveryAt?.toISOString() ?? null,
    lastDeliveryId: activity.lastDeliveryId,
    last24h: activity.last24h,
    secretOutOfStep: activity.secretOutOfStep,
  };
}

/**
 * The Subscriptions page: Accelo's list (two requests of the shared budget, the event types
 * cached), each subscription's last day, and the watch's findings, brought up to date by the list
 * just read.
 */
export async function subscriptionsOverview(now = new Date()): Promise<SubscriptionsPage> {
  const client = budgetedAcceloClient();
  const listedAt = new Date();
  const [listed, types, records] = await Promise.all([
    listSubscriptions(client),
    eventTypes(client),
    listSubscriptionRecords(),
  ]);
  await reconcileWithAccelo(listed, listedAt, now);
  const { receiverUrl } = subscriptionsConfig();
  const titles = titlesOf(types);
  const byId = new Map(records.map((record) => [record.id, record]));
  const dayAbove = await lastDayAbove(now);
  const subscriptions = await Promise.all(
    listed.map((subscription) =>
      subscriptionView(
        subscription,
        byId.get(subscription.subscription_id.toLowerCase()),
        titles,
        receiverUrl,
        dayAbove,
      ),
    ),
  );
  const subscribed = new Set(subscriptions.filter((view) => view.targetsThisApp).map((view) => view.eventId));
  return {
    receiverUrl: receiverUrl ?? null,
    eventTypes: types.map((type) => ({
      eventId: type.event_id,
      eventTitle: type.event_title ?? null,
      triggerTable: type.trigger_table ?? null,
      triggerType: type.trigger_type ?? null,
      subscribed: subscribed.has(type.event_id),
    })),
    subscriptions,
    alerts: await subscriptionAlerts(),
  };
}

/** The title Accelo gives an event, from the cached types, for a subscription just made. */
export function cachedEventTitles(): Map<string, string> {
  return titlesOf(eventTypesCache.accelomonitorEventTypes?.types ?? []);
}

function titlesOf(types: readonly AcceloEventType[]): Map<string, string> {
  return new Map(types.flatMap((type) => (type.event_title ? [[type.event_id, type.event_title]] : [])));
}
