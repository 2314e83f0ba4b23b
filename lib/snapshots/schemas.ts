import { z } from "zod";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";

// The JSON the snapshot API answers, shared by the routes (which build it) and the pages (which
// check it with fetchJson). Free of server imports.

/** Accelo's resource types are lower-case words (`tasks`, `contacts`, `prospect_types`). */
export const RESOURCE_TYPE_PATTERN = "[a-z][a-z_]{0,39}";
/** Object ids are unsigned integers. */
export const RESOURCE_ID_PATTERN = "[1-9][0-9]{0,18}";

/** One object: the `[type]/[id]` of the resource pages and routes. */
export const resourceKeySchema = z.object({
  type: z.string().regex(new RegExp(`^${RESOURCE_TYPE_PATTERN}$`), "not a resource type"),
  id: z.string().regex(new RegExp(`^${RESOURCE_ID_PATTERN}$`), "not an object id"),
});
export type ResourceKey = z.infer<typeof resourceKeySchema>;

export const snapshotSchema = z.object({
  id: z.number().int(),
  resourceUrl: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  fetchedAt: z.iso.datetime(),
  trigger: z.enum(["delivery", "manual"]),
  deliveryId: z.number().int().nullable(),
  httpStatus: z.number().int().nullable(),
  durationMs: z.number().int(),
  meta: z.unknown().nullable(),
  response: z.record(z.string(), z.unknown()).nullable(),
  contentHash: z.string().nullable(),
  error: z.string().nullable(),
  errorMessage: z.string().nullable(),
});
export type SnapshotView = z.infer<typeof snapshotSchema>;

export const fieldChangeSchema = z.object({
  path: z.string(),
  kind: z.enum(["added", "removed", "changed"]),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

/** What POST /api/deliveries/{id}/refresh answers: the new snapshot and what changed since the one before. */
export const refreshResultSchema = z.object({
  snapshot: snapshotSchema,
  previous: snapshotSchema.nullable(),
  changes: z.array(fieldChangeSchema),
});
export type RefreshResult = z.infer<typeof refreshResultSchema>;

/** What became of the automatic fetch for one delivery. */
export const automaticFetchSchema = z.discriminatedUnion("kind", [
  /** No Accelo API is configured, so nothing is fetched. */
  z.object({ kind: z.literal("off"), message: z.string() }),
  /** No fetch was recorded: the delivery came before fetching was set up. */
  z.object({ kind: z.literal("none"), message: z.string() }),
  z.object({ kind: z.literal("skipped"), reason: z.string(), message: z.string() }),
  z.object({
    kind: z.enum(["pending", "running"]),
    attempts: z.number().int(),
    runAfter: z.iso.datetime(),
    /** Why an earlier try did not finish (rate limited, server error…), when one did not. */
    reason: z.string().nullable(),
    message: z.string().nullable(),
  }),
  z.object({
    kind: z.enum(["done", "failed"]),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    snapshot: snapshotSchema.nullable(),
    /** Other deliveries of the same burst that this one fetch answered. */
    sharedWith: z.number().int(),
  }),
]);
export type AutomaticFetch = z.infer<typeof automaticFetchSchema>;

/** The snapshot section of a delivery's page: GET /api/deliveries/{id}/snapshot. */
export const deliverySnapshotSchema = z.object({
  deliveryId: z.number().int(),
  resource: z.object({ type: z.string(), id: z.string() }).nullable(),
  automatic: automaticFetchSchema,
  /** Whether Refresh may fetch now, and if not why. */
  refresh: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("allowed") }),
    z.object({ kind: z.literal("unavailable"), message: z.string() }),
  ]),
  /** The newest snapshot of the same object when it is not the automatic one. */
  latest: snapshotSchema.nullable(),
});
export type DeliverySnapshot = z.infer<typeof deliverySnapshotSchema>;

/** A snapshot on a timeline: everything but its contents. */
export const snapshotSummarySchema = snapshotSchema.omit({ meta: true, response: true }).extend({
  /** Its contents against the successful snapshot before it (by hash); "none" for an error. */
  contents: z.enum(["first", "changed", "unchanged", "none"]),
});
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>;

export const timelineEntrySchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("delivery"),
    at: z.iso.datetime(),
    delivery: z.object({
      id: z.number().int(),
      eventId: z.string().nullable(),
      signatureVerdict: z.enum(SIGNATURE_VERDICTS),
      responseStatus: z.number().int(),
    }),
  }),
  z.object({ kind: z.literal("snapshot"), at: z.iso.datetime(), snapshot: snapshotSummarySchema }),
]);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** GET /api/resources/{type}/{id}: one object's deliveries and snapshots, newest first. */
export const resourceTimelineSchema = z.object({
  type: z.string(),
  id: z.string(),
  entries: z.array(timelineEntrySchema),
  /** More than the newest TIMELINE_LIMIT deliveries or snapshots exist. */
  truncated: z.boolean(),
});
export type ResourceTimeline = z.infer<typeof resourceTimelineSchema>;

/** GET /api/resources/{type}/{id}/diff?from=&to=: two snapshots and the field changes between them. */
export const snapshotComparisonSchema = z.object({
  from: snapshotSchema,
  to: snapshotSchema,
  changes: z.array(fieldChangeSchema),
});
export type SnapshotComparison = z.infer<typeof snapshotComparisonSchema>;

/** The two snapshots to compare: `?from=&to=` in the diff route and the resource page's URL. */
export const snapshotPairSchema = z.object({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
