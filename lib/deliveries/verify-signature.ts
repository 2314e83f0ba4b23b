import { createHmac, timingSafeEqual } from "node:crypto";
import {
  DIGEST_HEX_LENGTH,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
} from "./signature-algorithms";

export type SignatureVerdict = "valid" | "invalid" | "missing" | "unverified";

/** Why a signature is not valid; the dashboard turns each into words. */
export type SignatureReason =
  | "no_secret_matches"
  | "wrong_length"
  | "not_hex"
  | "unknown_prefix"
  | "multiple_headers"
  | "empty";

export interface SignatureCheck {
  verdict: SignatureVerdict;
  reason?: SignatureReason;
  algorithm?: SignatureAlgorithm;
  /** "prefix" when the header named the algorithm, "length" when the digest's length told it. */
  algorithmFrom?: "prefix" | "length";
  /** Position of the matching secret in ACCELO_WEBHOOK_SECRET; never the secret itself. */
  secretIndex?: number;
}

const HEX = /^[0-9a-f]+$/i;

function algorithmForLength(length: number): SignatureAlgorithm | undefined {
  return SIGNATURE_ALGORITHMS.find((algorithm) => DIGEST_HEX_LENGTH[algorithm] === length);
}

/**
 * Checks X-Hub-Signature over the exact raw body against every configured secret, in constant
 * time per comparison. `headerValues` holds every X-Hub-Signature header received: more than one
 * is refused rather than guessed at, since a proxy or attacker may have added one.
 */
export function verifySignature(
  rawBody: Uint8Array,
  headerValues: readonly string[],
  secrets: readonly string[],
): SignatureCheck {
  if (secrets.length === 0) return { verdict: "unverified" };
  if (headerValues.length === 0) return { verdict: "missing" };
  if (headerValues.length > 1) return { verdict: "invalid", reason: "multiple_headers" };

  const value = headerValues[0].trim();
  if (value === "") return { verdict: "invalid", reason: "empty" };

  const separator = value.indexOf("=");
  const prefix = separator === -1 ? undefined : value.slice(0, separator).toLowerCase();
  const digest = separator === -1 ? value : value.slice(separator + 1);

  let algorithm: SignatureAlgorithm | undefined;
  let algorithmFrom: SignatureCheck["algorithmFrom"];
  if (prefix !== undefined) {
    algorithm = SIGNATURE_ALGORITHMS.find((candidate) => candidate === prefix);
    if (!algorithm) return { verdict: "invalid", reason: "unknown_prefix" };
    algorithmFrom = "prefix";
  }
  if (!HEX.test(digest)) return { verdict: "invalid", reason: "not_hex", algorithm, algorithmFrom };
  if (!algorithm) {
    algorithm = algorithmForLength(digest.length);
    if (!algorithm) return { verdict: "invalid", reason: "wrong_length" };
    algorithmFrom = "length";
  }
  if (digest.length !== DIGEST_HEX_LENGTH[algorithm]) {
    return { verdict: "invalid", reason: "wrong_length", algorithm, algorithmFrom };
  }

  const received = Buffer.from(digest, "hex");
  const secretIndex = secrets.findIndex((secret) =>
    timingSafeEqual(createHmac(algorithm, secret).update(rawBody).digest(), received),
  );
  if (secretIndex === -1) {
    return { verdict: "invalid", reason: "no_secret_matches", algorithm, algorithmFrom };
  }
  return { verdict: "valid", algorithm, algorithmFrom, secretIndex };
}
