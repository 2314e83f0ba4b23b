import "server-only";
import { createHmac } from "node:crypto";
import { type GuardedPostResult, guardedPost } from "../http/guarded-post";

export interface ForwardRequest {
  url: string;
  secret: string | null;
  timeoutMs: number;
  deliveryId: number;
  body: Uint8Array;
  contentType: string | null;
  eventId: string | null;
  signatureHeader: string | null;
}

export type ForwardResult = GuardedPostResult;

/** The headers a forward carries: Accelo's own, so an integration that verifies them still works, and ours. */
export function forwardHeaders(request: ForwardRequest): Record<string, string> {
  const headers: Record<string, string> = {
    "content-length": String(request.body.byteLength),
    "x-accelo-monitor-delivery": String(request.deliveryId),
    "user-agent": "accelo-webhook-monitor",
  };
  if (request.contentType !== null) headers["content-type"] = request.contentType;
  if (request.eventId !== null) headers["x-accelo-event"] = request.eventId;
  if (request.signatureHeader !== null) headers["x-hub-signature"] = request.signatureHeader;
  if (request.secret !== null) {
    headers["x-monitor-signature"] =
      `sha256=${createHmac("sha256", request.secret).update(request.body).digest("hex")}`;
  }
  return headers;
}

/** POSTs one delivery to one destination: the exact body bytes and the headers above, guarded (lib/http/guarded-post.ts). */
export function sendForward(request: ForwardRequest, allowPrivate: boolean): Promise<ForwardResult> {
  return guardedPost(
    { url: request.url, headers: forwardHeaders(request), body: request.body, timeoutMs: request.timeoutMs },
    allowPrivate,
  );
}
