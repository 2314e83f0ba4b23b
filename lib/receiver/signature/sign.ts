import { createHmac } from "node:crypto";
import type { SignatureAlgorithm } from "./algorithms";

/**
 * The X-Hub-Signature value Accelo would send for a body: its HMAC hex digest, bare or with a
 * GitHub-style `sha1=` prefix. Used by the simulator, tests and benchmarks.
 */
export function signBody(
  body: string | Uint8Array,
  secret: string,
  { algorithm = "sha1", prefixed = false }: { algorithm?: SignatureAlgorithm; prefixed?: boolean } = {},
): string {
  const digest = createHmac(algorithm, secret).update(body).digest("hex");
  return prefixed ? `${algorithm}=${digest}` : digest;
}
