import { z } from "zod";
import { DIGEST_HEX_LENGTH, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "./algorithms";
import type { SignatureReason, SignatureVerdict } from "./verify";

/** The signature columns of a stored delivery. */
export interface StoredSignature {
  header: string | null;
  verdict: SignatureVerdict;
  reason: SignatureReason | null;
  algorithm: SignatureAlgorithm | null;
  algorithmFrom: "prefix" | "length" | null;
  secretIndex: number | null;
  /** The subscription made in the dashboard whose secret matched. */
  subscriptionId: string | null;
}

/** What the words depend on besides the stored verdict; never a secret, only how many there are. */
export interface SignatureContext {
  /** How many secrets ACCELO_WEBHOOK_SECRET holds now. */
  secretCount: number;
  /** How many secrets of subscriptions made in the dashboard are accepted now. */
  subscriptionSecretCount: number;
  /** The body's size as sent: the bytes the digest was computed over. */
  bodySize: number;
  /** How many X-Hub-Signature headers arrived. */
  headerCount: number;
}

export const signatureExplanationSchema = z.object({
  /** One sentence a person reads first. */
  summary: z.string(),
  /** Which HMAC and how it was told, e.g. "SHA-256, from the sha256= prefix". */
  algorithm: z.string().nullable(),
  /** Which secret matched, by position. */
  secret: z.string().nullable(),
  /** Why the signature proves nothing, in plain words; null when it is valid. */
  reason: z.string().nullable(),
});
export type SignatureExplanation = z.infer<typeof signatureExplanationSchema>;

const ALGORITHM_NAME: Record<SignatureAlgorithm, string> = {
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha512: "SHA-512",
};

const KNOWN_LENGTHS = SIGNATURE_ALGORITHMS.map(
  (algorithm) => `${DIGEST_HEX_LENGTH[algorithm]} = ${ALGORITHM_NAME[algorithm]}`,
).join(", ");
const KNOWN_PREFIXES = SIGNATURE_ALGORITHMS.map((algorithm) => `${algorithm}=`).join(", ");

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The header split the way verify.ts reads it: an optional `name=` prefix, then the digest. */
function splitHeader(header: string): { prefix: string | null; digest: string } {
  const value = header.trim();
  const separator = value.indexOf("=");
  return separator === -1
    ? { prefix: null, digest: value }
    : { prefix: value.slice(0, separator), digest: value.slice(separator + 1) };
}

function describeAlgorithm(algorithm: SignatureAlgorithm, from: "prefix" | "length"): string {
  const name = ALGORITHM_NAME[algorithm];
  return from === "prefix"
    ? `${name}, from the ${algorithm}= prefix`
    : `${name}, from the digest length: ${DIGEST_HEX_LENGTH[algorithm]} hex characters = ${name}`;
}

function describeSecret(secretIndex: number, secretCount: number): string {
  const position = `secret #${secretIndex + 1}`;
  // Secrets may have been rotated since the delivery arrived: the position is then out of range.
  return secretIndex < secretCount
    ? `${position} of ${secretCount} in ACCELO_WEBHOOK_SECRET`
    : `${position} in ACCELO_WEBHOOK_SECRET as it was then; ${secretCount === 1 ? "1 secret is" : `${secretCount} secrets are`} configured now`;
}

function noSecretProduces(secretCount: number, subscriptionSecretCount: number): string {
  const total = secretCount + subscriptionSecretCount;
  if (total === 0) return "no secret configured when it arrived produced it (none is configured now)";
  if (total === 1) {
    return subscriptionSecretCount === 1
      ? "the secret of the one subscription made here does not produce it"
      : "the one configured secret does not produce it";
  }
  const ofSubscriptions =
    subscriptionSecretCount === 0 ? "" : ` (${subscriptionSecretCount} of subscriptions made here)`;
  return `none of the ${total} configured secrets${ofSubscriptions} produces it`;
}

function explainMismatch(signature: StoredSignature, context: SignatureContext): string {
  const { algorithm, algorithmFrom } = signature;
  const digest =
    algorithm && algorithmFrom === "prefix"
      ? `the ${algorithm}= prefix names ${ALGORITHM_NAME[algorithm]}`
      : algorithm
        ? `the digest is ${DIGEST_HEX_LENGTH[algorithm]} hex characters (${ALGORITHM_NAME[algorithm]})`
        : "the digest is well formed";
  return (
    `${digest} but ${noSecretProduces(context.secretCount, context.subscriptionSecretCount)} over the ${plural(context.bodySize, "received byte")}; ` +
    "the body may have been re-encoded by a proxy, or the subscription uses another secret"
  );
}

function explainWrongLength(signature: StoredSignature): string {
  const length = splitHeader(signature.header ?? "").digest.length;
  const lengthFits = SIGNATURE_ALGORITHMS.find((algorithm) => DIGEST_HEX_LENGTH[algorithm] === length);
  if (signature.algorithm && signature.algorithmFrom === "prefix") {
    const named = signature.algorithm;
    const hint = lengthFits
      ? `; ${length} is the length of a ${ALGORITHM_NAME[lengthFits]} digest, so the prefix may be wrong`
      : "";
    return (
      `the ${named}= prefix names ${ALGORITHM_NAME[named]}, whose digest is ${DIGEST_HEX_LENGTH[named]} hex characters, ` +
      `but ${plural(length, "character")} followed it${hint}`
    );
  }
  return (
    `the digest is ${plural(length, "hex character")}, which is no known HMAC digest length (${KNOWN_LENGTHS}); ` +
    "it may have been cut short or padded on the way"
  );
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function explainNotHex(signature: StoredSignature): string {
  const { digest } = splitHeader(signature.header ?? "");
  const base64Hint = BASE64.test(digest)
    ? "; it looks like base64, which points to another sender's signing scheme"
    : "";
  return `the digest holds characters other than 0-9 and a-f, so it is not the hex digest Accelo sends${base64Hint}`;
}

function explainUnknownPrefix(signature: StoredSignature): string {
  const { prefix } = splitHeader(signature.header ?? "");
  const shown = (prefix ?? "").slice(0, 24);
  return `the value starts with "${shown}=", which names no algorithm this receiver knows (${KNOWN_PREFIXES})`;
}

function explainInvalid(signature: StoredSignature, context: SignatureContext): string {
  switch (signature.reason) {
    case "no_secret_matches":
      return explainMismatch(signature, context);
    case "wrong_length":
      return explainWrongLength(signature);
    case "not_hex":
      return explainNotHex(signature);
    case "unknown_prefix":
      return explainUnknownPrefix(signature);
    case "multiple_headers":
      return (
        `${context.headerCount} X-Hub-Signature headers arrived; more than one is refused rather than guessed at, ` +
        "because a proxy or another sender may have added one"
      );
    case "empty":
      return "the X-Hub-Signature header was present but empty";
    case "body_not_read":
      return (
        `the body was not read: its declared Content-Length of ${plural(context.bodySize, "byte")} is over the limit, ` +
        "so there were no bytes to check the signature against"
      );
    case null:
      return "the receiver stored no reason for this verdict";
  }
}

/** Turns a stored verdict into the words of the signature panel. */
export function explainSignature(signature: StoredSignature, context: SignatureContext): SignatureExplanation {
  const algorithm =
    signature.algorithm && signature.algorithmFrom
      ? describeAlgorithm(signature.algorithm, signature.algorithmFrom)
      : null;
  switch (signature.verdict) {
    case "valid":
      return {
        summary: "The signature matches a configured secret: the body is exactly what the holder of that secret sent.",
        algorithm,
        secret:
          signature.subscriptionId !== null
            ? `the secret of subscription ${signature.subscriptionId}, made under Settings → Subscriptions`
            : signature.secretIndex === null
              ? null
              : describeSecret(signature.secretIndex, context.secretCount),
        reason: null,
      };
    case "invalid":
      return {
        summary: "The signature does not prove this delivery came from Accelo.",
        algorithm,
        secret: null,
        reason: explainInvalid(signature, context),
      };
    case "missing":
      return {
        summary: "The delivery carried no signature.",
        algorithm: null,
        secret: null,
        reason:
          "no X-Hub-Signature header although secrets are configured: the subscription may have no secret, " +
          "or the request did not come from Accelo",
      };
    case "unverified":
      return {
        summary: "The signature was not checked.",
        algorithm: null,
        secret: null,
        reason:
          "no secret configured (ACCELO_WEBHOOK_SECRET), so nothing was checked" +
          (signature.header === null ? "" : "; the X-Hub-Signature it carried was stored but not checked"),
      };
  }
}
