import "server-only";
import { findRecentIdentical, type StoredDelivery } from "../deliveries/queries";
import { DomainError } from "../errors";
import { API_ERROR_STATUS } from "../http/errors";
import { requestSource } from "../http/request-source";
import {
  type AcceptedSubscriptionSecret,
  acceptedSubscriptionSecrets,
  recheckedSubscriptionSecrets,
} from "../subscriptions/accepted-secrets";
import { noteDeliveryReceived } from "./activity";
import { receiverConfig } from "./config";
import { createFailureBudget, type FailureBudget, failureBudgetLimits } from "./failure-budget";
import { deliveryFingerprint } from "./fingerprint";
import { type ParsedPayload, parsePayload } from "./parse-payload";
import { discardBody, type ReadBody, readBody } from "./read-body";
import { isSignatureFailure } from "./signature/verdicts";
import {
  type SignatureCheck,
  type SignatureVerdict,
  startSignatureCheck,
  unreadBodySignature,
  verifySignature,
} from "./signature/verify";
import { prepareDeliveryStore, storeDelivery } from "./store";
import { headersToStore } from "./stored-headers";

/** The stored delivery, with what deciding on its fetch takes (lib/fetch-queue/schedule.ts). */
export type ReceivedDelivery = StoredDelivery & {
  resourceUrl: string | null;
  signatureVerdict: SignatureVerdict;
  /** The same request stored within REPLAY_WINDOW_MS before: its fetch waits (lib/fetch-queue/schedule.ts). */
  replayOf: number | null;
};

export type ReceiveOutcome =
  | { kind: "accepted"; delivery: ReceivedDelivery; signature: SignatureCheck; status: 200 | 202 }
  | { kind: "refused"; delivery: ReceivedDelivery; error: DomainError };

/** How long a delivery sent again is taken for a replay, whose fetch waits to join its copies'. */
export const REPLAY_WINDOW_MS = 10 * 60 * 1000;

/** What is kept of the body of a request past the failure budget; a real Accelo body is ~100 bytes. */
export const COMPACT_BODY_BYTES = 8 * 1024;

let budget: { key: string; budget: FailureBudget } | undefined;

/**
 * The failure budget for the limits the environment sets now; a change of them starts a new one.
 * Keyed on the raw values so a flood of forged requests does not parse the settings once each.
 */
function failureBudget(): FailureBudget {
  const key = `${process.env.FAILED_SIGNATURE_BUDGET_MB}\u0000${process.env.FAILED_SIGNATURE_SOURCE_BUDGET_MB}`;
  if (budget?.key !== key) budget = { key, budget: createFailureBudget(failureBudgetLimits()) };
  return budget.budget;
}

/** Node joins repeated headers with ", "; a hex digest never holds a comma, so each part was one header. */
function signatureHeaderValues(headers: Headers): string[] {
  const joined = headers.get("x-hub-signature");
  return joined === null ? [] : joined.split(",");
}

/** A Content-Length over the limit decides the answer before the body is read: it is then only drained. */
function declaredOversize(headers: Headers, limit: number): number | undefined {
  const declared = Number(headers.get("content-length"));
  return Number.isSafeInteger(declared) && declared > limit ? declared : undefined;
}

function parseBody(body: ReadBody, contentType: string | null, limit: number, unread: boolean): ParsedPayload {
  if (unread) {
    return {
      format: "unparsed",
      contentTypeSniffed: false,
      parseError: `Declared Content-Length of ${body.size} bytes is over the ${limit}-byte limit; the body was not read`,
    };
  }
  if (body.oversized) {
    return {
      format: "unparsed",
      contentTypeSniffed: false,
      parseError: `Body of ${body.size} bytes is over the ${limit}-byte limit; the first ${limit} bytes are kept`,
    };
  }
  return parsePayload(body.bytes, contentType);
}

/** Which secret matched: a position in ACCELO_WEBHOOK_SECRET, or a subscription made in the dashboard. */
function matchedSecret(
  signature: SignatureCheck,
  environmentSecrets: number,
  subscriptions: readonly AcceptedSubscriptionSecret[],
): { signatureSecretIndex: number | null; subscriptionId: string | null } {
  const index = signature.secretIndex;
  if (index === undefined) return { signatureSecretIndex: null, subscriptionId: null };
  if (index < environmentSecrets) return { signatureSecretIndex: index, subscriptionId: null };
  return {
    signatureSecretIndex: null,
    subscriptionId: subscriptions[index - environmentSecrets]?.subscriptionId ?? null,
  };
}

/** A body no known secret matched may be from a subscription made a moment ago on another instance. */
function mayBeNewSubscription(signature: SignatureCheck): boolean {
  return signature.verdict === "unverified" || signature.reason === "no_secret_matches";
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
  const source = requestSource(headers);
  const signatureHeaders = signatureHeaderValues(headers);

  const declared = declaredOversize(headers, config.maxBodyBytes);
  let subscriptions = await acceptedSubscriptionSecrets();
  const secretsWith = (list: readonly AcceptedSubscriptionSecret[]) => [
    ...config.secrets,
    ...list.map(({ secret }) => secret),
  ];
  let body: ReadBody;
  let signature: SignatureCheck;
  if (declared === undefined) {
    const verifier = startSignatureCheck(signatureHeaders, secretsWith(subscriptions));
    body = await readBody(request.body, config.maxBodyBytes, (chunk) => verifier.update(chunk));
    signature = verifier.finish();
    if (!body.oversized && mayBeNewSubscription(signature)) {
      const rechecked = await recheckedSubscriptionSecrets();
      if (rechecked) {
        subscriptions = rechecked;
        signature = verifySignature(body.bytes, signatureHeaders, secretsWith(subscriptions));
      }
    }
  } else {
    await discardBody(request.body);
    body = { bytes: new Uint8Array(0), size: declared, oversized: true };
    signature = unreadBodySignature(signatureHeaders, secretsWith(subscriptions));
  }
  const contentType = headers.get("content-type");
  const parsed = parseBody(body, contentType, config.maxBodyBytes, declared !== undefined);
  const eventId = headers.get("x-accelo-event")?.trim() || undefined;

  const signatureFailed = isSignatureFailure(signature.verdict);
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
  const storedHeaders = JSON.stringify(headersToStore(headers));

  // A delivery that proves nothing is kept whole only within the hourly budget of its source and
  // of all sources; past it, its headers and first bytes say what it was.
  const compacted = signatureFailed && !failureBudget().take(source, body.bytes.byteLength + storedHeaders.length);
  const rawBody = compacted ? body.bytes.slice(0, COMPACT_BODY_BYTES) : body.bytes;

  await prepareDeliveryStore();
  const signatureHeader = headers.get("x-hub-signature");
  const fingerprint = deliveryFingerprint(eventId, body.bytes);
  const stored = await storeDelivery({
    remoteAddress: source,
    method: request.method,
    url: url.pathname + url.search,
    headers: storedHeaders,
    rawBody,
    bodySize: body.size,
    oversized: body.oversized,
    contentType,
    bodyFormat: parsed.format,
    contentTypeSniffed: parsed.contentTypeSniffed,
    parseError: parsed.parseError ?? null,
    payload: compacted ? null : (parsed.payloadJson ?? null),
    eventId: eventId ?? null,
    objectId: parsed.objectId ?? null,
    resourceUrl: parsed.resourceUrl ?? null,
    resourceType: parsed.resourceType ?? null,
    resourceId: parsed.resourceId ?? null,
    signatureHeader,
    signatureVerdict: signature.verdict,
    signatureReason: signature.reason ?? null,
    signatureAlgorithm: signature.algorithm ?? null,
    signatureAlgorithmFrom: signature.algorithmFrom ?? null,
    ...matchedSecret(signature, config.secrets.length, subscriptions),
    responseStatus: status,
    fingerprint,
    truncatedFields: null,
    storeError: null,
    compacted,
  });
  // Only a delivery sent before can be a replay: the lookup runs for duplicates alone.
  const replayOf =
    stored.duplicateOfId === null
      ? null
      : await findRecentIdentical(
          { id: stored.id, fingerprint, signatureHeader },
          new Date(Date.now() - REPLAY_WINDOW_MS),
        );
  const delivery = {
    ...stored,
    resourceUrl: parsed.resourceUrl ?? null,
    signatureVerdict: signature.verdict,
    replayOf,
  };

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
