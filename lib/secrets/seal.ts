import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { DomainError } from "../errors";

/**
 * A secret as stored: `sealed:v1:<key id>:<iv>.<ciphertext>.<tag>`, base64url parts, AES-256-GCM.
 * The key id (the first 32 bits of the key's SHA-256) tells "sealed with another key" apart from
 * "tampered with". `purpose` is bound in as associated data, so a sealed value copied into another
 * row or column does not open there.
 */
const PREFIX = "sealed:v1:";
const IV_BYTES = 12;

export const SEALING_KEY_BYTES = 32;

/** A sealed value that cannot be opened: another key sealed it, or it was altered. */
export class UnsealError extends DomainError {
  constructor(
    message: string,
    readonly reason: "other_key" | "damaged",
  ) {
    super("not_configured", message);
    this.name = "UnsealError";
  }
}

export function sealingKeyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function seal(plaintext: string, key: Buffer, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url"));
  return `${PREFIX}${sealingKeyId(key)}:${parts.join(".")}`;
}

export function unseal(sealed: string, key: Buffer, purpose: string): string {
  if (!isSealed(sealed)) throw new UnsealError(`The stored ${purpose} is not sealed`, "damaged");
  const [keyId, body = ""] = sealed.slice(PREFIX.length).split(":");
  if (keyId !== sealingKeyId(key)) {
    throw new UnsealError(
      `The stored ${purpose} was sealed with another key (${keyId}, this server has ${sealingKeyId(key)})`,
      "other_key",
    );
  }
  const encoded = body.split(".");
  const [iv, ciphertext, tag] = encoded.map((part) => Buffer.from(part, "base64url"));
  // Node's decoder skips stray characters and a last character's unused bits: only the one
  // canonical spelling of each part is taken, so no two stored strings open to the same secret.
  const canonical =
    encoded.length === 3 && encoded.every((part, index) => [iv, ciphertext, tag][index].toString("base64url") === part);
  if (!canonical || iv.length !== IV_BYTES || tag.length !== 16) {
    throw new UnsealError(`The stored ${purpose} was altered or cut short`, "damaged");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError(`The stored ${purpose} was altered or cut short`, "damaged");
  }
}
