import { z } from "zod";

// The JSON the snapshot API answers, shared by the routes (which build it) and the pages (which
// check it with fetchJson). Free of server imports.

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

/** Why a delivery has the snapshot it has, for its page. */
export const deliverySnapshotStateSchema = z.discriminatedUnion("state", [
  /** No Accelo API is configured: nothing is ever fetched. */
  z.object({ state: z.literal("off"), message: z.string() }),
  /** The delivery arrived before fetching was set up, or while the receiver could not schedule. */
  z.object({ state: z.literal("none") }),
  z.object({ state: z.literal("skipped"), reason: z.string(), message: z.string() }),
  z.object({
    state: z.enum(["pending", "running"]),
    attempts: z.number().int(),
    runAfter: z.iso.datetime(),
    reason: z.string().nullable(),
    message: z.string().nullable(),
  }),
  z.object({ state: z.literal("done"), snapshot: snapshotSchema, sharedWithDeliveries: z.number().int() }),
  z.object({ state: z.literal("failed"), reason: z.string(), message: z.string(), snapshot: snapshotSchema.nullable() }),
]);
export type DeliverySnapshotState = z.infer<typeof deliverySnapshotStateSchema>;

export const deliverySnapshotSchema = z.object({
  deliveryId: z.number().int(),
  resource: z.object({ type: z.string(), id: z.string() }).nullable(),
  /** A person may press Refresh: the API is configured and the delivery passes the origin guard. */
  canRefresh: z.boolean(),
  automatic: deliverySnapshotStateSchema,
  /** The newest snapshot of the same object, from any trigger. */
  latest: snapshotSchema.nullable(),
});
export type DeliverySnapshot = z.infer<typeof deliverySnapshotSchema>;
