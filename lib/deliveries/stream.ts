import "server-only";
import { z } from "zod";
import { bytesToBase64 } from "../payload/body-encoding";
import { edgeDeliveryId, findDeliveriesAfter } from "./queries";

// GET /api/deliveries/stream: deliveries as they arrive, as server-sent events whose ids are the
// deliveries' ids, so a client that lost the connection resumes with Last-Event-ID and misses
// nothing. The database is the source (read every half second), so every instance streams every
// delivery, whichever instance received it.

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const BATCH = 100;

export const streamQuerySchema = z.object({
  /** Start after this delivery id; without it (and without Last-Event-ID), from now on. */
  after: z.coerce.number().int().nonnegative().optional(),
  /** Comma-separated event ids. */
  events: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((event) => event.trim())
        .filter(Boolean),
    )
    .optional(),
  /** "true": only deliveries whose signature is valid. */
  verified: z.enum(["true", "false"]).optional(),
  /** "false": end the stream once it has caught up, instead of waiting for more. */
  follow: z.enum(["true", "false"]).optional(),
});
export type StreamQuery = z.infer<typeof streamQuerySchema>;

export const streamedDeliverySchema = z.object({
  id: z.number(),
  receivedAt: z.string(),
  eventId: z.string().nullable(),
  objectId: z.string().nullable(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  signatureVerdict: z.string(),
  signatureHeader: z.string().nullable(),
  contentType: z.string().nullable(),
  /** The exact body bytes; null when only its first bytes were kept. */
  bodyBase64: z.string().nullable(),
});
export type StreamedDelivery = z.infer<typeof streamedDeliverySchema>;

const encoder = new TextEncoder();

/** Where a stream starts: after Last-Event-ID, else after `after`, else after the newest delivery. */
export async function streamStart(query: StreamQuery, lastEventId: string | null): Promise<number> {
  const resumed = lastEventId === null ? Number.NaN : Number(lastEventId);
  if (Number.isSafeInteger(resumed) && resumed >= 0) return resumed;
  if (query.after !== undefined) return query.after;
  return (await edgeDeliveryId("desc")) ?? 0;
}

/** The event stream from `start` on, until `signal` aborts (the client went away). */
export function deliveryStream(start: number, query: StreamQuery, signal: AbortSignal): ReadableStream<Uint8Array> {
  let last = start;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWrite = Date.now();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // Already closed.
        }
      };
      signal.addEventListener("abort", close, { once: true });
      const write = (text: string) => {
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      // The client waits this long before reconnecting, and knows where the stream starts.
      write(`retry: 1000\n: from delivery ${start}\n\n`);
      const poll = async () => {
        if (signal.aborted) return;
        let full = false;
        try {
          const rows = await findDeliveriesAfter(
            last,
            { eventIds: query.events, verdicts: query.verified === "true" ? ["valid"] : undefined },
            BATCH,
          );
          for (const row of rows) {
            const delivery: StreamedDelivery = {
              id: row.id,
              receivedAt: row.receivedAt.toISOString(),
              eventId: row.eventId,
              objectId: row.objectId,
              resourceType: row.resourceType,
              resourceId: row.resourceId,
              signatureVerdict: row.signatureVerdict,
              signatureHeader: row.signatureHeader,
              contentType: row.contentType,
              bodyBase64: row.compacted || row.oversized ? null : bytesToBase64(new Uint8Array(row.rawBody)),
            };
            write(`id: ${row.id}\nevent: delivery\ndata: ${JSON.stringify(delivery)}\n\n`);
            last = row.id;
          }
          full = rows.length === BATCH;
          if (!full && query.follow === "false") {
            close();
            return;
          }
          if (Date.now() - lastWrite >= HEARTBEAT_MS) write(": keep-alive\n\n");
        } catch (error) {
          // The database away for a moment: say so in a comment and look again.
          write(`: ${(error as Error).message.split("\n")[0]}\n\n`);
        }
        if (!signal.aborted) timer = setTimeout(poll, full ? 0 : POLL_MS);
      };
      void poll();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}
