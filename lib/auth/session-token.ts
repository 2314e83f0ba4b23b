import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a sign-in lasts. */
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

const VERSION = "v1";

function sign(payload: string, key: Buffer): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

/**
 * `v1.<expiry in unix seconds>.<HMAC-SHA256 of "v1.<expiry>">`. The token says nothing but when it
 * ends: there is one user, so the signature is the identity.
 */
export function createSessionToken(key: Buffer, now = Date.now()): { token: string; expiresAt: Date } {
  const expiresAtSeconds = Math.floor(now / 1000) + SESSION_LIFETIME_SECONDS;
  const payload = `${VERSION}.${expiresAtSeconds}`;
  return { token: `${payload}.${sign(payload, key)}`, expiresAt: new Date(expiresAtSeconds * 1000) };
}

export function isValidSessionToken(token: string | undefined, key: Buffer, now = Date.now()): boolean {
  if (!token) return false;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || !/^\d{1,12}$/.test(parts[1])) return false;
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, key));
  const actual = Buffer.from(parts[2]);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return false;
  return Number(parts[1]) * 1000 > now;
}
