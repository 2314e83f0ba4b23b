/** The HMAC digests Accelo might use: its docs say only "HMAC hex digest" (../ACCELO.md). */
export const SIGNATURE_ALGORITHMS = ["sha1", "sha256", "sha512"] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/** Hex length of each digest: how the algorithm is told when the header carries no prefix. */
export const DIGEST_HEX_LENGTH: Record<SignatureAlgorithm, number> = {
  sha1: 40,
  sha256: 64,
  sha512: 128,
};
