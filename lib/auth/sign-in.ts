import { authConfig } from "./auth-config";
import { LoginThrottle } from "./login-throttle";
import { createSessionToken } from "./session-token";

export type SignInResult =
  | { outcome: "signed_in"; token: string; expiresAt: Date }
  | { outcome: "wrong_password" }
  | { outcome: "locked"; retryAfterSeconds: number };

const throttle = new LoginThrottle();

/** Checks a password tried from `address`, counting the attempt against that address first. */
export async function signIn(password: string, address: string): Promise<SignInResult> {
  const verdict = throttle.attempt(address);
  if (!verdict.allowed) {
    return { outcome: "locked", retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) };
  }
  const config = await authConfig();
  if (!(await config.checkPassword(password))) {
    throttle.failed(address);
    return { outcome: "wrong_password" };
  }
  throttle.succeeded(address);
  return { outcome: "signed_in", ...createSessionToken(config.sessionKey) };
}
