import { createHmac, type Hmac, timingSafeEqual } from "node:crypto";
import { DIGEST_HEX_LENGTH, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "./algorithms";

export type SignatureVerdict = "valid" | "invalid" | "missing" | "unverified";

/** Why a signature is not valid; the dashboard turns each into words. */
export const SIGNATURE_REASONS = [
  "no_secret_matches",
  "wrong_length",
  "not_hex",
  "unknown_prefix",
  "multiple_headers",
  "empty",
  "body_not_read",
] as const;
export type SignatureReason = (typeof SIGNATURE_REASONS)[number];

export interface SignatureCheck {
  verdict: SignatureVerdict;
  reason?: SignatureReason;
  algorithm?: SignatureAlgorithm;
  /** "prefix" when the header named the algorithm, "length" when the digest's length told it. */
  algorithmFrom?: "prefix" | "length";
  /** Position of the matching secret in the list checked; never the secret itself. */
  secretIndex?: number;
}

/** Feeds the body as it streams in, so an oversized body is checked without being kept. */
export interface SignatureVerifier {
  update(chunk: Uint8Array): void;
  finish(): SignatureCheck;
}

const HEX = /^[0-9a-f]+$/i;

function algorithmForLength(length: number): SignatureAlgorithm | undefined {
  return SIGNATURE_ALGORITHMS.find((algorithm) => DIGEST_HEX_LENGTH[algorithm] === length);
}

function settled(check: SignatureCheck): SignatureVerifier {
  return { update() {}, finish: () => check };
}

/**
 * Starts checking X-Hub-Signature against every configured secret. `headerValues` holds every
 * X-Hub-Signature value received: more than one is refused rather than guessed at, since a
 * proxy or an attacker may have added one. Digests are compared in constant time.
 */
export function startSignatureCheck(headerValues: readonly string[], secrets: readonly string[]): SignatureVerifier {
  if (secrets.length === 0) return settled({ verdict: "unverified" });
  if (headerValues.length === 0) return settled({ verdict: "missing" });
  if (headerValues.length > 1) return settled({ verdict: "invalid", reason: "multiple_headers" });

  const value = headerValues[0].trim();
  if (value === "") return settled({ verdict: "invalid", reason: "empty" });

  const separator = value.indexOf("=");
  const prefix = separator === -1 ? undefined : value.slice(0, separator).toLowerCase();
  const digest = separator === -1 ? value : value.slice(separator + 1);

  let algorithm: SignatureAlgorithm | undefined;
  let algorithmFrom: SignatureCheck["algorithmFrom"];
  if (prefix !== undefined) {
    algorithm = SIGNATURE_ALGORITHMS.find((candidate) => candidate === prefix);
    if (!algorithm) return settled({ verdict: "invalid", reason: "unknown_prefix" });
    algorithmFrom = "prefix";
  }
  if (!HEX.test(digest)) return settled({ verdict: "invalid", reason: "not_hex", algorithm, algorithmFrom });
  if (!algorithm) {
    algorithm = algorithmForLength(digest.length);
    if (!algorithm) return settled({ verdict: "invalid", reason: "wrong_length" });
    algorithmFrom = "length";
  }
  if (digest.length !== DIGEST_HEX_LENGTH[algorithm]) {
    return settled({ verdict: "invalid", reason: "wrong_length", algorithm, algorithmFrom });
  }

  const expected = Buffer.from(digest, "hex");
  const chosen = algorithm;
  const hmacs: Hmac[] = secrets.map((secret) => createHmac(chosen, secret));
  return {
    update(chunk) {
      for (const hmac of hmacs) hmac.update(chunk);
    },
    finish() {
      const secretIndex = hmacs.findIndex((hmac) => timingSafeEqual(hmac.digest(), expected));
      return secretIndex === -1
        ? { verdict: "invalid", reason: "no_secret_matches", algorithm: chosen, algorithmFrom }
        : { verdict: "valid", algorithm: chosen, algorithmFrom, secretIndex };
    },
  };
}

/**
 * The verdict for a body that was not read (its declared length is over the limit): with secrets
 * configured a signature cannot be told valid without the bytes it is over.
 */
export function unreadBodySignature(headerValues: readonly string[], secrets: readonly string[]): SignatureCheck {
  if (secrets.length === 0) return { verdict: "unverified" };
  if (headerValues.length === 0) return { verdict: "missing" };
  return { verdict: "invalid", reason: "body_not_read" };
}

/** The whole check over a body already in memory. */
export function verifySignature(
  rawBody: Uint8Array,
  headerValues: readonly string[],
  secrets: readonly string[],
): SignatureCheck {
  const verifier = startSignatureCheck(headerValues, secrets);
  verifier.update(rawBody);
  return verifier.finish();
}
