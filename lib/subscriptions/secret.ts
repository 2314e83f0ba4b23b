import "server-only";
import { randomBytes } from "node:crypto";
import { seal, UnsealError, unseal } from "../secrets/seal";
import { sealingKey } from "../secrets/sealing-key";

/** The purpose a subscription's secret is sealed for: a sealed value moved to another column does not open. */
const PURPOSE = "subscription.secret";

/** A new subscription's secret: 256 random bits, in characters that survive a form body unescaped. */
export function generateSubscriptionSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function sealSubscriptionSecret(secret: string): string {
  return seal(secret, sealingKey().key, PURPOSE);
}

/** The secret in the clear, or undefined when it was sealed with another key (said once per id). */
export function openSubscriptionSecret(id: string, sealed: string): string | undefined {
  try {
    return unseal(sealed, sealingKey().key, PURPOSE);
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    warnOnce(
      id,
      `Accelo Webhook Monitor: the secret of subscription ${id} cannot be opened (${error.message}); its deliveries fail the signature check until it is recreated`,
    );
    return undefined;
  }
}

const warned = new Set<string>();
function warnOnce(id: string, line: string) {
  if (warned.has(id)) return;
  warned.add(id);
  console.warn(line);
}
