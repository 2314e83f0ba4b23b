// The stand-in's webhook subscriptions: what Accelo keeps for `/api/v0/webhooks/subscriptions`,
// and the deliveries it POSTs to each subscription's trigger_url, signed as Accelo signs them
// (HMAC of the exact body with the subscription's secret, in X-Hub-Signature). NOT Accelo: the
// event types are a few of those ../shared/ACCELO.md lists, tied to the stand-in's object types.
import { createHmac, randomBytes } from "node:crypto";
import type { StandInType } from "./sample-objects";

export interface EventType {
  event_id: string;
  event_title: string;
  /** The object's table in Accelo's words ("task"), and which of the stand-in's types it is. */
  trigger_table: string;
  trigger_type: "create" | "update" | "delete";
}

const TABLES: Record<StandInType, string> = {
  tasks: "task",
  issues: "issue",
  requests: "request",
  quotes: "quote",
  contacts: "contact",
  companies: "company",
};

export const EVENT_TYPES: EventType[] = [
  { event_id: "assign_task", event_title: "Task assigned", trigger_table: "task", trigger_type: "update" },
  { event_id: "create_task", event_title: "Task created", trigger_table: "task", trigger_type: "create" },
  { event_id: "update_issue", event_title: "Issue updated", trigger_table: "issue", trigger_type: "update" },
  { event_id: "create_issue", event_title: "Issue created", trigger_table: "issue", trigger_type: "create" },
  {
    event_id: "update_request_status",
    event_title: "Request status changed",
    trigger_table: "request",
    trigger_type: "update",
  },
  { event_id: "create_quote", event_title: "Quote created", trigger_table: "quote", trigger_type: "create" },
  { event_id: "update_contact", event_title: "Contact updated", trigger_table: "contact", trigger_type: "update" },
  { event_id: "update_company", event_title: "Company updated", trigger_table: "company", trigger_type: "update" },
  { event_id: "delete_activity", event_title: "Activity deleted", trigger_table: "activity", trigger_type: "delete" },
];

export const CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/json"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export interface Subscription {
  subscription_id: string;
  event_id: string;
  trigger_url: string;
  content_type: ContentType;
  trigger_table: string;
  trigger_type: string;
  user_id: string;
  user_deployment: string;
}

/** What the stand-in sent, and what the receiver answered (0: no answer within Accelo's 10 s). */
export interface SentDelivery {
  at: string;
  subscriptionId: string;
  eventId: string;
  triggerUrl: string;
  contentType: ContentType;
  body: string;
  signature: string | null;
  status: number;
}

/** Accelo gives up on a delivery after 10 seconds. */
const DELIVERY_TIMEOUT_MS = 10_000;

export type CreateResult = { kind: "created"; subscription: Subscription } | { kind: "invalid"; message: string };

export interface SubscriptionStore {
  list(): Subscription[];
  create(fields: Record<string, unknown>): CreateResult;
  remove(id: string): boolean;
  /** Sends one delivery of `objectId` to one subscription, waits for the answer: Accelo's dispatch. */
  dispatch(id: string, objectId: string): Promise<{ status: number } | undefined>;
  /** Sends a delivery to every subscription of the object's table and kind, as a change in Accelo does. */
  fire(type: StandInType, objectId: string, kind: "create" | "update" | "delete"): Promise<void>;
  sent(): SentDelivery[];
  /** Waits for the deliveries under way. */
  settled(): Promise<void>;
  reset(): void;
}

function bodyFor(contentType: ContentType, objectId: string, resourceUrl: string | undefined): string {
  if (contentType === "application/json") {
    return JSON.stringify(resourceUrl ? { id: Number(objectId), resource_url: resourceUrl } : { id: Number(objectId) });
  }
  const form = new URLSearchParams({ id: objectId });
  if (resourceUrl) form.set("resource_url", resourceUrl);
  return form.toString();
}

/**
 * `resourceUrlFor` makes the resource URL a delivery carries; every other delivery of one object
 * to one subscription ends in `.json`, the form of Accelo's own example, so both reach the app.
 * (Accelo sends one form throughout, so its second delivery of an object repeats the first byte
 * for byte: the receiver fetches such a repeat a minute later, see lib/fetch-queue/schedule.ts.)
 */
export function createSubscriptionStore(resourceUrlFor: (type: string, id: string) => string): SubscriptionStore {
  const subscriptions = new Map<string, Subscription & { secret: string | null }>();
  let log: SentDelivery[] = [];
  const underWay = new Set<Promise<unknown>>();
  // Per subscription and object, so the form a delivery takes does not hang on what else was sent.
  const deliveryCounts = new Map<string, number>();

  async function deliver(subscription: Subscription & { secret: string | null }, objectId: string): Promise<number> {
    const type = (Object.keys(TABLES) as StandInType[]).find((name) => TABLES[name] === subscription.trigger_table);
    const isDelete = subscription.trigger_type === "delete";
    const plain = type && !isDelete ? resourceUrlFor(type, objectId) : undefined;
    const countKey = `${subscription.subscription_id}:${objectId}`;
    const count = deliveryCounts.get(countKey) ?? 0;
    deliveryCounts.set(countKey, count + 1);
    const resourceUrl = plain && count % 2 === 1 ? `${plain}.json` : plain;
    const body = bodyFor(subscription.content_type, objectId, resourceUrl);
    const signature = subscription.secret ? createHmac("sha1", subscription.secret).update(body).digest("hex") : null;
    let status = 0;
    try {
      const response = await fetch(subscription.trigger_url, {
        method: "POST",
        headers: {
          "content-type": subscription.content_type,
          "x-accelo-event": subscription.event_id,
          ...(signature && { "x-hub-signature": signature }),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    log.push({
      at: new Date().toISOString(),
      subscriptionId: subscription.subscription_id,
      eventId: subscription.event_id,
      triggerUrl: subscription.trigger_url,
      contentType: subscription.content_type,
      body,
      signature,
      status,
    });
    // As Accelo does: 410 Gone deletes the subscription at once.
    if (status === 410) subscriptions.delete(subscription.subscription_id);
    return status;
  }

  function tracked<T>(work: Promise<T>): Promise<T> {
    underWay.add(work);
    void work.finally(() => underWay.delete(work));
    return work;
  }

  const visible = ({ secret: _secret, ...subscription }: Subscription & { secret: string | null }) => subscription;

  return {
    list: () => [...subscriptions.values()].map(visible),
    create(fields) {
      const eventId = typeof fields.event_id === "string" ? fields.event_id : "";
      const triggerUrl = typeof fields.trigger_url === "string" ? fields.trigger_url : "";
      const contentType = fields.content_type ?? "application/x-www-form-urlencoded";
      const event = EVENT_TYPES.find((type) => type.event_id === eventId);
      if (!event) return { kind: "invalid", message: `Unknown event_id ${JSON.stringify(eventId)}` };
      if (!/^https?:\/\//.test(triggerUrl)) return { kind: "invalid", message: "trigger_url must be an http(s) URL" };
      if (!(CONTENT_TYPES as readonly unknown[]).includes(contentType)) {
        return { kind: "invalid", message: `Unsupported content_type ${JSON.stringify(contentType)}` };
      }
      const subscription = {
        subscription_id: randomBytes(12).toString("hex"),
        event_id: eventId,
        trigger_url: triggerUrl,
        content_type: contentType as ContentType,
        trigger_table: event.trigger_table,
        trigger_type: event.trigger_type,
        user_id: "1",
        user_deployment: "stand-in",
        secret: typeof fields.secret === "string" && fields.secret !== "" ? fields.secret : null,
      };
      subscriptions.set(subscription.subscription_id, subscription);
      return { kind: "created", subscription: visible(subscription) };
    },
    remove: (id) => subscriptions.delete(id),
    async dispatch(id, objectId) {
      const subscription = subscriptions.get(id);
      if (!subscription) return undefined;
      return { status: await tracked(deliver(subscription, objectId)) };
    },
    async fire(type, objectId, kind) {
      const matching = [...subscriptions.values()].filter(
        (subscription) => subscription.trigger_table === TABLES[type] && subscription.trigger_type === kind,
      );
      await Promise.all(matching.map((subscription) => tracked(deliver(subscription, objectId))));
    },
    sent: () => [...log],
    settled: async () => {
      await Promise.allSettled([...underWay]);
    },
    reset() {
      subscriptions.clear();
      log = [];
      deliveryCounts.clear();
    },
  };
}
