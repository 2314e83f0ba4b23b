// The heart of `npm run listen`: follows the monitor's delivery stream (GET /api/deliveries/stream,
// server-sent events) and POSTs each delivery to a local URL with its original bytes and headers,
// like `stripe listen --forward-to`. After a lost connection it connects again with Last-Event-ID,
// so a restarted monitor is resumed from the last delivery seen, without a gap.
import { setTimeout as sleep } from "node:timers/promises";
import { createParser } from "eventsource-parser";
import { z } from "zod";

export interface ListenOptions {
  /** The monitor, e.g. https://monitor.example.com */
  url: string;
  /** An API token (read scope is enough). */
  token: string;
  forwardTo: string;
  events?: string[];
  verifiedOnly?: boolean;
  /** Replay from this delivery id on, then follow. */
  from?: number;
}

const streamedSchema = z.object({
  id: z.number(),
  receivedAt: z.string(),
  eventId: z.string().nullable(),
  objectId: z.string().nullable(),
  signatureVerdict: z.string(),
  signatureHeader: z.string().nullable(),
  contentType: z.string().nullable(),
  bodyBase64: z.string().nullable(),
});
export type Streamed = z.infer<typeof streamedSchema>;

export interface ForwardedLine {
  delivery: Streamed;
  status: number | null;
  durationMs: number;
  error?: string;
}

/** One line per delivery, as `stripe listen` prints them: time event object → status duration. */
export function formatLine({ delivery, status, durationMs, error }: ForwardedLine): string {
  const time = delivery.receivedAt.slice(11, 19);
  const answer = status === null ? `failed: ${error}` : `${status}`;
  return `${time}  ${delivery.eventId ?? "(no event)"}  ${delivery.objectId ?? "-"}  → ${answer}  ${durationMs} ms  [#${delivery.id}]`;
}

/** POSTs one delivery to the local URL with the bytes and headers it arrived with. */
export async function forwardLocally(delivery: Streamed, forwardTo: string): Promise<ForwardedLine> {
  const started = performance.now();
  if (delivery.bodyBase64 === null) {
    return { delivery, status: null, durationMs: 0, error: "only the first bytes were kept, so it is not sent" };
  }
  const headers: Record<string, string> = { "x-accelo-monitor-delivery": String(delivery.id) };
  if (delivery.contentType) headers["content-type"] = delivery.contentType;
  if (delivery.eventId) headers["x-accelo-event"] = delivery.eventId;
  if (delivery.signatureHeader) headers["x-hub-signature"] = delivery.signatureHeader;
  try {
    const response = await fetch(forwardTo, {
      method: "POST",
      headers,
      body: Buffer.from(delivery.bodyBase64, "base64"),
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return { delivery, status: response.status, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      delivery,
      status: null,
      durationMs: Math.round(performance.now() - started),
      error: (error as Error).message,
    };
  }
}

function streamUrl(options: ListenOptions): string {
  const url = new URL("/api/deliveries/stream", options.url);
  if (options.from !== undefined) url.searchParams.set("after", String(Math.max(0, options.from - 1)));
  if (options.events?.length) url.searchParams.set("events", options.events.join(","));
  if (options.verifiedOnly) url.searchParams.set("verified", "true");
  return url.href;
}

/**
 * Follows the stream until `signal` aborts, calling `onLine` for each delivery forwarded and
 * `onStatus` when the connection drops or comes back. Deliveries are forwarded one at a time, in
 * order.
 */
export async function listen(
  options: ListenOptions,
  {
    signal,
    onLine,
    onStatus = () => {},
  }: { signal: AbortSignal; onLine: (line: ForwardedLine) => void; onStatus?: (status: string) => void },
): Promise<void> {
  let lastId: string | undefined;
  let retryMs = 1000;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const response = await fetch(streamUrl(options), {
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: "text/event-stream",
          ...(lastId !== undefined && { "last-event-id": lastId }),
        },
        signal,
      });
      if (response.status === 401 || response.status === 403) {
        throw new Error(`the monitor refused the token (${response.status}): use an API token from Settings`);
      }
      if (!response.ok || !response.body) throw new RetryableError(`the monitor answered ${response.status}`);
      if (failures > 0) onStatus(`connected again; resuming after delivery #${lastId ?? "-"}`);
      failures = 0;
      const queue: Streamed[] = [];
      const parser = createParser({
        onEvent(message) {
          if (message.event !== "delivery") return;
          queue.push(streamedSchema.parse(JSON.parse(message.data)));
        },
        onRetry(ms) {
          retryMs = ms;
        },
      });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        parser.feed(decoder.decode(read.value, { stream: true }));
        while (queue.length > 0) {
          const delivery = queue.shift() as Streamed;
          onLine(await forwardLocally(delivery, options.forwardTo));
          lastId = String(delivery.id);
        }
      }
      throw new RetryableError("the stream ended");
    } catch (error) {
      if (signal.aborted) return;
      if (!(error instanceof RetryableError) && !isConnectionError(error)) throw error;
      failures++;
      if (failures === 1) onStatus(`lost the monitor (${(error as Error).message}); trying again`);
      await sleep(Math.min(30_000, retryMs * 2 ** Math.min(failures - 1, 5)), undefined, { signal }).catch(() => {});
    }
  }
}

class RetryableError extends Error {}

function isConnectionError(error: unknown): boolean {
  return error instanceof TypeError || (error as { name?: string }).name === "SocketError";
}
