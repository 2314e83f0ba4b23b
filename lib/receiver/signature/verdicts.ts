import type { SignatureVerdict } from "./verify";

/** Every verdict the receiver stores, in the order the filters offer them. */
export const SIGNATURE_VERDICTS = [
  "valid",
  "invalid",
  "missing",
  "unverified",
] as const satisfies readonly SignatureVerdict[];

/**
 * The verdicts a person should look at: a secret is configured and the delivery did not prove it
 * knew it. "unverified" is not one: with no secret there is nothing to fail.
 */
export const FAILURE_VERDICTS = ["invalid", "missing"] as const satisfies readonly SignatureVerdict[];

export function isSignatureFailure(verdict: SignatureVerdict): boolean {
  return (FAILURE_VERDICTS as readonly SignatureVerdict[]).includes(verdict);
}
