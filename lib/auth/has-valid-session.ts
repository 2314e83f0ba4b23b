import "server-only";
import { authConfig } from "./auth-config";
import { isValidSessionToken } from "./session-token";

/** True when `token` is a session this server signed and that has not expired. */
export async function hasValidSession(token: string | undefined): Promise<boolean> {
  // No cookie, no question: a signed-out visitor never makes the configuration load.
  if (!token) return false;
  const { sessionKey } = await authConfig();
  return isValidSessionToken(token, sessionKey);
}
