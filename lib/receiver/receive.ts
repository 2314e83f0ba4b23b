import "server-only";
import type { StoredDelivery } from "../deliveries/queries";
import { DomainError } from "../errors";
import { API_ERROR_STATUS } from "../http/errors";
import { noteDeliveryReceived } from "./activity";
import { receiverConfig } from "./config";
import { deliveryFingerprint } from "./fingerprint";
import { type ParsedPayload, parsePayload } from "./parse-payload";
import { readBody } from "./read-body";
import { type SignatureCheck, type SignatureVerdict, startSignatureCheck } from "./signature/verify";
import { prepareDeliveryStore, storeDelivery } from "./store";
import { headersToStore } from "./stored-headers";

/** The stored delivery, with what deciding on its fetch takes (lib/fetch-queue/schedule.ts). */
export type ReceivedDelivery = StoredDelivery & { resourceUrl: string | null; signatureVerdict: SignatureVerdict };

export type ReceiveOutcome =
  | { kind: "accepted"; delivery: ReceivedDelivery; signature: SignatureCheck; status: 200 | 202 }
  | { kind: "refused"; delivery: ReceivedDelivery; error: DomainError };

/** Node joins repeated headers with ", "; a hex digest never holds a comma, so each part was one header. */
function signatureHeaderValues(headers: Headers): string[] {
  const joined = headers.get("x-hub-signature");
  return joined === null ? [] : joined.split(",");
}

/** Next fills X-Forwarded-For from the socket when no proxy set it; the first entry is the client. */
function remoteAddress(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0].trim() || null;
}

/**
 * Receives one Accelo delivery: reads the raw body once, verifies its signature over those exact
 * bytes, parses it, and stores it whatever the outcome, then says how to answer. Nothing slow
 * happens here: fetching the resource is the caller's business, after the answer.
 */
export async function receiveDelivery(request: Request): Promise<ReceiveOutcome> {
  noteDeliveryReceived();
  const config = receiverConfig();
  const headers = request.headers;
  const verifier = startSignatureCheck(signatureHeaderValues(headers), config.secrets);
  const body = await readBody(request.body, config.maxBodyBytes, (chunk) => verifier.update(chunk));
  const signature = verifier.finish();
  const contentType = headers.get("content-type");
  const parsed: ParsedPayload = body.oversized
    ? {
        format: "unparsed",
        contentTypeSniffed: false,
        parseError: `Body of ${body.size} bytes is over the ${config.maxBodyBytes}-byte limit; the first ${config.maxBodyBytes} bytes are kept`,
      }
    : parsePayload(body.bytes, contentType);
  const eventId = headers.get("x-accelo-event")?.trim() || undefined;

  const signatureFailed = signature.verdict === "invalid" || signature.verdict === "missing";
  const error = body.oversized
    ? new DomainError("payload_too_large", parsed.parseError ?? "Body too large")
    : signatureFailed && !config.observeOnly
      ? new DomainError(
          "invalid_signature",
          signature.verdict === "missing" ? "X-Hub-Signature is missing" : "X-Hub-Signature does not match the body",
        )
      : parsed.format === "unparsed" || parsed.format === "empty"
        ? new DomainError("bad_request", parsed.parseError ?? "Unreadable body")
        : undefined;
  const status = error ? API_ERROR_STATUS[error.code] : signatureFailed ? 202 : 200;
  const url = new URL(request.url);

  await prepareDeliveryStore();
  const stored = await storeDelivery({
    remoteAddress: remoteAddress(headers),
    method: request.method,
    url: url.pathname + url.search,
    headers: JSON.stringify(headersToStore(headers)),
    rawBody: body.bytes,
    bodySize: body.size,
    oversized: body.oversized,
    contentType,
    bodyFormat: parsed.format,
    contentTypeSniffed: parsed.contentTypeSniffed,
    parseError: parsed.parseError ?? null,
    payload: parsed.payloadJson ?? null,
    eventId: eventId ?? null,
    objectId: parsed.objectId ?? null,
    resourceUrl: parsed.resourceUrl ?? null,
    resourceType: parsed.resourceType ?? null,
    resourceId: parsed.resourceId ?? null,
    signatureHeader: headers.get("x-hub-signature"),
    signatureVerdict: signature.verdict,
    signatureReason: signature.reason ?? null,
    signatureAlgorithm: signature.algorithm ?? null,
    signatureAlgorithmFrom: signature.algorithmFrom ?? null,
    signatureSecretIndex: signature.secretIndex ?? null,
    responseStatus: status,
    fingerprint: deliveryFingerprint(eventId, body.bytes),
  });
  const delivery = { ...stored, resourceUrl: parsed.resourceUrl ?? null, signatureVerdict: signature.verdict };

  if (error) {
    return {
      kind: "refused",
      delivery,
      error: new DomainError(error.code, error.message, {
        id: delivery.id,
        verdict: signature.verdict,
        reason: signature.reason ?? parsed.parseError ?? null,
      }),
    };
  }
  return { kind: "accepted", delivery, signature, status: status as 200 | 202 };
}
