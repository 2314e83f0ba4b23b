/**
 * Where a page of the delivery list starts: "older" pages hold ids below `id`, "newer" pages ids
 * above it. Ids grow with arrival, so this is keyset pagination on the primary key.
 */
export interface DeliveryCursor {
  direction: "older" | "newer";
  id: number;
}

const PREFIX = { older: "o", newer: "n" } as const;

// Opaque to API clients (base64url), so the encoding can change without breaking shared links'
// promise of "a cursor from this API"; decoded the same way in the browser and on the server.
export function encodeDeliveryCursor({ direction, id }: DeliveryCursor): string {
  return btoa(`${PREFIX[direction]}${id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeDeliveryCursor(cursor: string): DeliveryCursor | null {
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const match = /^([on])(\d{1,15})$/.exec(text);
  if (!match) return null;
  return { direction: match[1] === "o" ? "older" : "newer", id: Number(match[2]) };
}
