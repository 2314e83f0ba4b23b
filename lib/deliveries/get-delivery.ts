import "server-only";
import { z } from "zod";
import { DomainError } from "../errors";
import { bytesToBase64, utf8TextOrNull } from "../payload/body-encoding";
import { receiverConfig } from "../receiver/config";
import { SIGNATURE_ALGORITHMS } from "../receiver/signature/algorithms";
import { explainSignature, type StoredSignature, signatureExplanationSchema } from "../receiver/signature/explain";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { SIGNATURE_REASONS } from "../receiver/signature/verify";
import { acceptedSubscriptionSecrets } from "../subscriptions/accepted-secrets";
import { type Delivery, findDelivery, findObjectDeliveries, neighbourDeliveryId } from "./queries";

/** How many other deliveries of the same object the detail shows. */
export const RELATED_LIMIT = 10;

const headerPairsSchema = z.array(z.tuple([z.string(), z.string()]));
const verdictSchema = z.enum(SIGNATURE_VERDICTS);
const bodyFormatSchema = z.enum(["json", "form", "empty", "unparsed"]);

// The signature columns are plain strings; this holds them to the values the receiver writes.
const storedSignatureSchema = z.object({
  header: z.string().nullable(),
  verdict: verdictSchema,
  reason: z.enum(SIGNATURE_REASONS).nullable(),
  algorithm: z.enum(SIGNATURE_ALGORITHMS).nullable(),
  algorithmFrom: z.enum(["prefix", "length"]).nullable(),
  secretIndex: z.number().int().nullable(),
  subscriptionId: z.string().nullable(),
});

const relatedDeliverySchema = z.object({
  id: z.number().int(),
  receivedAt: z.iso.datetime(),
  eventId: z.string().nullable(),
  signatureVerdict: verdictSchema,
  responseStatus: z.number().int(),
});

/** GET /api/deliveries/{id}, and what the detail page renders. */
export const deliveryDetailSchema = z.object({
  id: z.number().int(),
  receivedAt: z.iso.datetime(),
  remoteAddress: z.string().nullable(),
  method: z.string(),
  /** Path and query string as requested. */
  url: z.string(),
  /** As received: [name, value] pairs in order. */
  headers: headerPairsSchema,
  body: z.object({
    /** The stored bytes as text, when they are valid UTF-8. */
    text: z.string().nullable(),
    /** The stored bytes, always, so a binary body is not lost. */
    base64: z.string(),
    /** Bytes kept; less than `size` when the body was over the limit. */
    storedBytes: z.number().int(),
    /** Bytes sent. */
    size: z.number().int(),
    oversized: z.boolean(),
    contentType: z.string().nullable(),
    format: bodyFormatSchema,
    contentTypeSniffed: z.boolean(),
    parseError: z.string().nullable(),
    /**
     * The parsed body as JSON text (a form as an object of its fields). Text rather than a
     * value, so ids beyond 2^53 and repeated keys reach the reader as they were sent.
     */
    payloadJson: z.string().nullable(),
  }),
  eventId: z.string().nullable(),
  objectId: z.string().nullable(),
  resourceUrl: z.string().nullable(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  signature: storedSignatureSchema.extend({ explanation: signatureExplanationSchema }),
  responseStatus: z.number().int(),
  duplicateOfId: z.number().int().nullable(),
  /** How the row differs from what arrived, when it had to (lib/receiver/bounds.ts, receive.ts). */
  storage: z.object({
    /** Fields cut to fit their column; the raw body and headers hold them whole. */
    truncatedFields: z.array(z.string()),
    /** The database refused the row as received, so it was stored in reduced form: its reason. */
    storeError: z.string().nullable(),
    /** Failed the signature check past the hourly budget: only headers and the first bytes kept. */
    compacted: z.boolean(),
  }),
  /** The delivery received just before this one, and just after. */
  previousId: z.number().int().nullable(),
  nextId: z.number().int().nullable(),
  related: z.object({
    /** What "the same object" means for this delivery, or null when it names no object. */
    match: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("resource"), resourceType: z.string(), resourceId: z.string() }),
        z.object({ kind: z.literal("event-object"), eventId: z.string(), objectId: z.string() }),
      ])
      .nullable(),
    /** The most recent other deliveries of the object, newest first. */
    deliveries: z.array(relatedDeliverySchema),
    hasMore: z.boolean(),
  }),
});
export type DeliveryDetail = z.infer<typeof deliveryDetailSchema>;
type RelatedMatch = DeliveryDetail["related"]["match"];

function relatedMatch(delivery: Delivery): RelatedMatch {
  if (delivery.resourceType && delivery.resourceId) {
    return { kind: "resource", resourceType: delivery.resourceType, resourceId: delivery.resourceId };
  }
  // Delete events may come without resource_url: the event and the object id are all there is.
  if (delivery.eventId && delivery.objectId) {
    return { kind: "event-object", eventId: delivery.eventId, objectId: delivery.objectId };
  }
  return null;
}

async function relatedDeliveries(delivery: Delivery): Promise<DeliveryDetail["related"]> {
  const match = relatedMatch(delivery);
  if (!match) return { match, deliveries: [], hasMore: false };
  const rows = await findObjectDeliveries(match, { except: delivery.id, take: RELATED_LIMIT + 1 });
  return {
    match,
    deliveries: rows.slice(0, RELATED_LIMIT).map((row) => ({
      ...row,
      receivedAt: row.receivedAt.toISOString(),
      signatureVerdict: verdictSchema.parse(row.signatureVerdict),
    })),
    hasMore: rows.length > RELATED_LIMIT,
  };
}

/** The headers column: JSON text of [name, value] pairs. */
function parseHeaders(json: string): [string, string][] {
  return headerPairsSchema.parse(JSON.parse(json));
}

/**
 * One delivery with everything the detail page shows: the exact body, the headers, the
 * signature verdict in words, its neighbours and the other deliveries of the same object.
 */
export async function getDelivery(id: number): Promise<DeliveryDetail> {
  const delivery = await findDelivery(id);
  if (!delivery) throw new DomainError("not_found", `No delivery with id ${id}`);

  const [previousId, nextId, related] = await Promise.all([
    neighbourDeliveryId(delivery, "previous"),
    neighbourDeliveryId(delivery, "next"),
    relatedDeliveries(delivery),
  ]);
  const rawBody = new Uint8Array(delivery.rawBody);
  const signature = {
    header: delivery.signatureHeader,
    verdict: delivery.signatureVerdict,
    reason: delivery.signatureReason,
    algorithm: delivery.signatureAlgorithm,
    algorithmFrom: delivery.signatureAlgorithmFrom,
    secretIndex: delivery.signatureSecretIndex,
    subscriptionId: delivery.subscriptionId,
  };
  const checked: StoredSignature = storedSignatureSchema.parse(signature);
  const explanation = explainSignature(checked, {
    secretCount: receiverConfig().secrets.length,
    subscriptionSecretCount: (await acceptedSubscriptionSecrets()).length,
    bodySize: delivery.bodySize,
    // The receiver splits the joined header on commas, which a hex digest never holds.
    headerCount: delivery.signatureHeader === null ? 0 : delivery.signatureHeader.split(",").length,
  });

  return {
    id: delivery.id,
    receivedAt: delivery.receivedAt.toISOString(),
    remoteAddress: delivery.remoteAddress,
    method: delivery.method,
    url: delivery.url,
    headers: parseHeaders(delivery.headers),
    body: {
      text: utf8TextOrNull(rawBody),
      base64: bytesToBase64(rawBody),
      storedBytes: rawBody.byteLength,
      size: delivery.bodySize,
      oversized: delivery.oversized,
      contentType: delivery.contentType,
      format: bodyFormatSchema.parse(delivery.bodyFormat),
      contentTypeSniffed: delivery.contentTypeSniffed,
      parseError: delivery.parseError,
      payloadJson: delivery.payload,
    },
    eventId: delivery.eventId,
    objectId: delivery.objectId,
    resourceUrl: delivery.resourceUrl,
    resourceType: delivery.resourceType,
    resourceId: delivery.resourceId,
    signature: { ...checked, explanation },
    responseStatus: delivery.responseStatus,
    duplicateOfId: delivery.duplicateOfId,
    storage: {
      truncatedFields: z.array(z.string()).parse(JSON.parse(delivery.truncatedFields ?? "[]")),
      storeError: delivery.storeError,
      compacted: delivery.compacted,
    },
    previousId,
    nextId,
    related,
  };
}
