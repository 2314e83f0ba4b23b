import { z } from "zod";
import { SUBSCRIPTION_CONTENT_TYPES, SUBSCRIPTION_ID_PATTERN } from "../accelo/subscription-fields";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";

// What the subscription routes take and answer: the routes parse with these, the pages read their
// types, so both sides of the API change together.

export const subscriptionIdParamsSchema = z.object({
  id: z
    .string()
    .regex(SUBSCRIPTION_ID_PATTERN, "A subscription id is Accelo's 24-character hex id")
    .transform((id) => id.toLowerCase()),
});

export const newSubscriptionSchema = z.object({
  eventId: z.string().trim().min(1).max(200),
  contentType: z.enum(SUBSCRIPTION_CONTENT_TYPES).default("application/x-www-form-urlencoded"),
  /** A vanished subscription this one replaces: its banner goes, its secret keeps its grace period. */
  replaces: z
    .string()
    .regex(SUBSCRIPTION_ID_PATTERN)
    .transform((id) => id.toLowerCase())
    .optional(),
});
export type NewSubscription = z.infer<typeof newSubscriptionSchema>;

export const dispatchSchema = z.object({
  /** The object Accelo sends a delivery about: its id in the subscription's table. */
  objectId: z
    .string()
    .trim()
    .regex(/^\d{1,18}$/, "An Accelo object id is a number"),
});

const verdictCountsSchema = z.object(
  Object.fromEntries(SIGNATURE_VERDICTS.map((verdict) => [verdict, z.number().int()])) as Record<
    (typeof SIGNATURE_VERDICTS)[number],
    z.ZodNumber
  >,
);

export const subscriptionViewSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventTitle: z.string().nullable(),
  contentType: z.string().nullable(),
  triggerUrl: z.string(),
  /** Accelo sends its deliveries to this app (PUBLIC_URL's receiver). */
  targetsThisApp: z.boolean(),
  /** Made from this dashboard: its secret is kept here, sealed, and its deliveries name it. */
  madeHere: z.boolean(),
  createdAt: z.string().nullable(),
  lastDeliveryAt: z.string().nullable(),
  lastDeliveryId: z.number().nullable(),
  /** Deliveries of the last 24 hours by verdict. */
  last24h: verdictCountsSchema,
  /** Every delivery of the last 24 hours failed the signature check: its secret is not one this app knows. */
  secretOutOfStep: z.boolean(),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

export const vanishedSubscriptionSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  contentType: z.string(),
  createdAt: z.string(),
  vanishedAt: z.string(),
});
export type VanishedSubscription = z.infer<typeof vanishedSubscriptionSchema>;

export const outOfStepSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  failures: z.number().int(),
  madeHere: z.boolean(),
});
export type OutOfStepSubscription = z.infer<typeof outOfStepSchema>;

/** What every page's banner shows: subscriptions gone from Accelo, and those whose secret is out of step. */
export const subscriptionAlertsSchema = z.object({
  vanished: z.array(vanishedSubscriptionSchema),
  outOfStep: z.array(outOfStepSchema),
  /** When the watch last compared with Accelo, and what stopped it if it could not. */
  checkedAt: z.string().nullable(),
  checkError: z.string().nullable(),
});
export type SubscriptionAlerts = z.infer<typeof subscriptionAlertsSchema>;

export const subscriptionsPageSchema = z.object({
  /** Where new subscriptions point; null until PUBLIC_URL is set. */
  receiverUrl: z.string().nullable(),
  eventTypes: z.array(
    z.object({
      eventId: z.string(),
      eventTitle: z.string().nullable(),
      triggerTable: z.string().nullable(),
      triggerType: z.string().nullable(),
      /** A subscription of this event sends to this app. */
      subscribed: z.boolean(),
    }),
  ),
  subscriptions: z.array(subscriptionViewSchema),
  alerts: subscriptionAlertsSchema,
});
export type SubscriptionsPage = z.infer<typeof subscriptionsPageSchema>;

export const createdSubscriptionSchema = z.object({ subscription: subscriptionViewSchema });

export const sendTestResultSchema = z.object({
  /** The HTTP status Accelo said our receiver answered. */
  acceloStatus: z.number().int(),
  /** The delivery that arrived, or null when none did within the wait. */
  delivery: z
    .object({
      id: z.number(),
      receivedAt: z.string(),
      verdict: z.string(),
      reason: z.string().nullable(),
      responseStatus: z.number(),
      subscriptionId: z.string().nullable(),
    })
    .nullable(),
  waitedMs: z.number().int(),
  /** What to check when nothing arrived, in words. */
  advice: z.array(z.string()),
});
export type SendTestResult = z.infer<typeof sendTestResultSchema>;
