import "server-only";
import { DomainError } from "../errors";
import { authConfig } from "./auth-config";
import { LoginThrottle } from "./login-throttle";
import { createSessionToken } from "./session-token";

const throttle = new LoginThrottle();

/**
 * Checks a password tried from `address`, counting the attempt against that address first, and
 * answers a new session. A wrong password and a throttled address are DomainErrors (401, 429).
 */
export async function signIn(password: string, address: string): Promise<{ token: string; expiresAt: Date }> {
  const verdict = throttle.attempt(address);
  if (verdict.kind === "throttled") {
    const retryAfterSeconds = Math.ceil(verdict.retryAfterMs / 1000);
    throw new DomainError("too_many_requests", "Too many wrong passwords from this address", { retryAfterSeconds });
  }
  const config = await authConfig();
  if (!(await config.checkPassword(password))) {
    throttle.failed(address);
    throw new DomainError("unauthorized", "Wrong password");
  }
  throttle.succeeded(address);
  return createSessionToken(config.sessionKey);
}
