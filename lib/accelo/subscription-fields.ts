// Accelo's words for a webhook subscription, shared by the API client and the dashboard's schemas.

/** A subscription's id: Accelo's 24-character hex string, not a number. */
export const SUBSCRIPTION_ID_PATTERN = /^[0-9a-f]{24}$/i;

export const SUBSCRIPTION_CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/json"] as const;
export type SubscriptionContentType = (typeof SUBSCRIPTION_CONTENT_TYPES)[number];
