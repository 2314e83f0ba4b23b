import "server-only";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { authConfig, MIN_PASSWORD_LENGTH, storePasswordHash } from "./auth-config";
import { hashPassword } from "./password-hash";
import { createSession, endAllSessions } from "./sessions";
import { type Browser, checkPasswordThrottled, inCheckSlot } from "./sign-in";

/**
 * Replaces the stored password, after the current one is checked (throttled as a sign-in is), and
 * ends every session: a password that leaked may have opened some. The browser that changed it
 * gets a new session, so its owner stays signed in here.
 */
export async function changePassword(
  currentPassword: string,
  newPassword: string,
  browser: Browser,
): Promise<{ token: string; expiresAt: Date; endedSessions: number }> {
  const config = await authConfig();
  if (config.passwordSource === "environment") {
    throw new DomainError(
      "conflict",
      "The password is set by DASHBOARD_PASSWORD: change it there and restart the server",
    );
  }
  if ([...newPassword].length < MIN_PASSWORD_LENGTH) {
    throw new DomainError("bad_request", `The new password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  // Not 401: the session is fine, only the password typed is wrong, and the page must not sign out.
  await checkPasswordThrottled(
    currentPassword,
    browser.source,
    new DomainError("forbidden", "The current password is wrong"),
  );
  await storePasswordHash(db, await inCheckSlot(() => hashPassword(newPassword)));
  const endedSessions = await endAllSessions();
  const session = await createSession(config.sessionKey, browser);
  return { ...session, endedSessions };
}
