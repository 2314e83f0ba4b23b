import { z } from "zod";

// What the destination and forwarding routes take and answer; the pages read the same types.

const eventList = z
  .array(z.string().trim().min(1).max(200))
  .max(100)
  .transform((events) => [...new Set(events)]);

export const newDestinationSchema = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.string().trim().min(1).max(2000),
  /** The events it takes; absent or null for every event. */
  events: eventList.nullable().default(null),
  includeFailedSignatures: z.boolean().default(false),
  /** Signs each forward with HMAC-SHA256 of the body in X-Monitor-Signature. */
  secret: z.string().min(16).max(200).nullable().default(null),
  timeoutMs: z.number().int().min(1000).max(30_000).default(10_000),
  enabled: z.boolean().default(true),
});
export type NewDestination = z.output<typeof newDestinationSchema>;

export const destinationChangeSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    url: z.string().trim().min(1).max(2000),
    events: eventList.nullable(),
    includeFailedSignatures: z.boolean(),
    secret: z.string().min(16).max(200).nullable(),
    timeoutMs: z.number().int().min(1000).max(30_000),
    enabled: z.boolean(),
  })
  .partial()
  .refine((change) => Object.keys(change).length > 0, "Nothing to change");
export type DestinationChange = z.output<typeof destinationChangeSchema>;

export const destinationIdParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

export const destinationViewSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** Without credentials or query string. */
  displayUrl: z.string(),
  events: z.array(z.string()).nullable(),
  includeFailedSignatures: z.boolean(),
  signed: z.boolean(),
  timeoutMs: z.number(),
  enabled: z.boolean(),
  /** Why the app paused it, when it did. */
  pausedReason: z.string().nullable(),
  failingSince: z.string().nullable(),
  createdAt: z.string(),
  stats: z.object({
    /** Attempts of the last 24 hours, and how many of them were answered 2xx. */
    attempts24h: z.number(),
    succeeded24h: z.number(),
    /** Deliveries still owed to it. */
    backlog: z.number(),
  }),
});
export type DestinationView = z.infer<typeof destinationViewSchema>;

export const destinationListSchema = z.object({ destinations: z.array(destinationViewSchema) });

export const attemptViewSchema = z.object({
  id: z.number(),
  startedAt: z.string(),
  durationMs: z.number(),
  httpStatus: z.number().nullable(),
  error: z.string().nullable(),
  /** The first 2 KiB of the answer, as text. */
  response: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
});

export const deliveryForwardingSchema = z.object({
  destinations: z.array(
    z.object({
      destinationId: z.number(),
      name: z.string(),
      displayUrl: z.string(),
      /** The latest job's state: "pending" | "running" | "done" | "failed"; null when never sent there. */
      status: z.string().nullable(),
      attempts: z.array(attemptViewSchema),
    }),
  ),
});
export type DeliveryForwarding = z.infer<typeof deliveryForwardingSchema>;

export const replaySchema = z.object({ destinationId: z.number().int().positive() });

export const bulkReplaySchema = z.object({
  /** The list's query parameters as an object, e.g. {"event": "assign_task", "verdict": "valid"}. */
  filters: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  destinationId: z.number().int().positive(),
  dryRun: z.boolean().default(false),
});

export const replayIdParamsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const replayViewSchema = z.object({
  id: z.number(),
  destinationId: z.number(),
  destinationName: z.string(),
  /** The list's query string it was started with. */
  filters: z.string(),
  total: z.number(),
  enqueued: z.number(),
  sent: z.number(),
  failed: z.number(),
  /** Enqueued and not yet answered. */
  owed: z.number(),
  state: z.enum(["running", "finished", "cancelled"]),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReplayView = z.infer<typeof replayViewSchema>;

export const dryRunSchema = z.object({ count: z.number() });

/** POST and PATCH of a destination answer the destination as the list shows it. */
export const oneDestinationSchema = z.object({ destination: destinationViewSchema });

/** POST /api/deliveries/{id}/replay: the job that sends it again; its attempts show with the others. */
export const replayJobSchema = z.object({ jobId: z.number() });

export const oneReplaySchema = z.object({ replay: replayViewSchema });
export const replayListSchema = z.object({ replays: z.array(replayViewSchema) });
