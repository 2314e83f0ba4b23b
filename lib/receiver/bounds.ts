import type { NewDelivery } from "../deliveries/queries";

/**
 * The most bytes (UTF-8) each text column the receiver fills may hold. PostgreSQL refuses a B-tree
 * index entry over about 2,700 bytes (a third of a page), and some entries hold two columns
 * ((eventId, objectId, id), (resourceType, resourceId, id), FetchJob's (resourceUrl, status)): these
 * caps keep every entry well under that, on both providers. Real values are far shorter (an event
 * id is a word, an object id a number); the raw body and the headers keep every byte of the rest.
 */
export const FIELD_BYTE_LIMITS = {
  eventId: 200,
  objectId: 200,
  resourceType: 100,
  resourceId: 200,
  resourceUrl: 2_000,
  contentType: 1_000,
  signatureHeader: 1_000,
  remoteAddress: 200,
  url: 8_000,
  parseError: 2_000,
} as const satisfies Partial<Record<keyof NewDelivery, number>>;

export type BoundedField = keyof typeof FIELD_BYTE_LIMITS;

/** The largest value of an Int column on both providers. */
const MAX_INT = 2_147_483_647;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character; undefined when it fits. */
export function cutToBytes(text: string, maxBytes: number): string | undefined {
  // A character is at most 4 bytes: most texts are answered without encoding them.
  if (text.length * 4 <= maxBytes) return undefined;
  const bytes = encoder.encode(text);
  if (bytes.byteLength <= maxBytes) return undefined;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that did not fit.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return decoder.decode(bytes.subarray(0, end));
}

/**
 * The delivery with every text field cut to its limit and counts clamped to their column, and the
 * names of the fields that had to be cut (stored with the row and shown on its page).
 */
export function boundDelivery(delivery: NewDelivery): NewDelivery {
  const bounded = { ...delivery };
  const cut: BoundedField[] = [];
  for (const field of Object.keys(FIELD_BYTE_LIMITS) as BoundedField[]) {
    const value = bounded[field];
    if (typeof value !== "string") continue;
    const shorter = cutToBytes(value, FIELD_BYTE_LIMITS[field]);
    if (shorter === undefined) continue;
    bounded[field] = shorter;
    cut.push(field);
  }
  bounded.bodySize = Math.min(bounded.bodySize, MAX_INT);
  bounded.truncatedFields = cut.length > 0 ? JSON.stringify(cut) : null;
  return bounded;
}

/** What is kept of a text that no column refuses: a short prefix. */
const REDUCED_TEXT_BYTES = 64;

/**
 * The last resort for a row the database refused as received (the batch it was in is stored
 * without it): every free-text field dropped or cut short, the raw body and headers kept, and the
 * database's reason recorded, so the delivery is still stored, answered and flagged on its page.
 */
export function reducedDelivery(delivery: NewDelivery, reason: string): NewDelivery {
  // PostgreSQL text holds no U+0000: the reduced form takes no chance on it either.
  const short = (text: string | null) =>
    text === null ? null : (cutToBytes(text, REDUCED_TEXT_BYTES) ?? text).replaceAll("\u0000", "\uFFFD");
  return {
    ...delivery,
    url: short(delivery.url) ?? "",
    contentType: null,
    parseError: null,
    payload: null,
    eventId: short(delivery.eventId),
    objectId: short(delivery.objectId),
    resourceUrl: null,
    resourceType: null,
    resourceId: null,
    signatureHeader: short(delivery.signatureHeader),
    remoteAddress: short(delivery.remoteAddress),
    storeError: (cutToBytes(reason, FIELD_BYTE_LIMITS.parseError) ?? reason).replaceAll("\u0000", "\uFFFD"),
  };
}
