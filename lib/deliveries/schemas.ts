import { z } from "zod";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { deliveryIdSchema } from "./id";

// What GET /api/deliveries answers, and what the server-rendered page hands the browser: the same
// shape, so the browser's first page and every later one are read by the same code.

/** One row of the delivery list: what is needed to scan the list, never the body itself. */
export const deliveryListItemSchema = z.object({
  id: z.number().int(),
  receivedAt: z.iso.datetime(),
  eventId: z.string().nullable(),
  objectId: z.string().nullable(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  resourceUrl: z.string().nullable(),
  signatureVerdict: z.enum(SIGNATURE_VERDICTS),
  signatureReason: z.string().nullable(),
  responseStatus: z.number().int(),
  duplicateOfId: z.number().int().nullable(),
  oversized: z.boolean(),
  parseError: z.string().nullable(),
  bodyFormat: z.string(),
  bodySize: z.number().int(),
  /** JSON array of the fields cut to fit their column, or null. */
  truncatedFields: z.string().nullable(),
  storeError: z.string().nullable(),
  compacted: z.boolean(),
});
export type DeliveryListItem = z.infer<typeof deliveryListItemSchema>;

export const deliveryListPageSchema = z.object({
  /** Newest first. */
  items: z.array(deliveryListItemSchema),
  /** The next page towards older deliveries; null at the oldest. */
  nextCursor: z.string().nullable(),
  /** The next page towards newer deliveries; null when this is the newest page. */
  prevCursor: z.string().nullable(),
  /**
   * True when a text search stopped at the edge of the rows it may scan per request before
   * finding a full page: nextCursor continues the search further back.
   */
  searchLimited: z.boolean(),
});
export type DeliveryListPage = z.infer<typeof deliveryListPageSchema>;

export const recentFailuresSchema = z.object({
  since: z.iso.datetime(),
  count: z.number().int(),
  /** Of those, how many were kept in compact form past the hourly storage budget. */
  compacted: z.number().int(),
});
export type RecentFailures = z.infer<typeof recentFailuresSchema>;

/** The `{id}` of /api/deliveries/{id} and the routes under it. */
export const deliveryIdParamsSchema = z.object({ id: deliveryIdSchema });

/**
 * One delivery as GET /api/deliveries/export writes it: the list's fields and what the receiver
 * stored besides, with the body as text when its bytes are UTF-8 and base64 otherwise.
 */
export const deliveryExportRowSchema = deliveryListItemSchema.extend({
  signatureAlgorithm: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  method: z.string(),
  /** Path and query string exactly as requested. */
  url: z.string(),
  remoteAddress: z.string().nullable(),
  contentType: z.string().nullable(),
  /** Every header as received (credentials redacted), in order: [name, value] pairs. */
  headers: z.array(z.tuple([z.string(), z.string()])),
  bodyEncoding: z.enum(["utf8", "base64"]),
  /** The stored body (at most the configured limit, or 8 KiB when compacted; bodySize is what was sent). */
  body: z.string(),
});
export type DeliveryExportRow = z.infer<typeof deliveryExportRowSchema>;
