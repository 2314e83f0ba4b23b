import { createHash } from "node:crypto";

/**
 * Accelo sends no delivery id, so a delivery sent again is recognised by what it carries: the
 * event id and the exact body (which holds the object id).
 */
export function deliveryFingerprint(eventId: string | undefined, rawBody: Uint8Array): string {
  return createHash("sha256")
    .update(eventId ?? "")
    .update("\n")
    .update(rawBody)
    .digest("hex");
}
