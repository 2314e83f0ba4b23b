import "server-only";
import { authConfig } from "./auth-config";
import { sessionTokenOf } from "./session-cookie";
import { findSession, type SessionSummary } from "./sessions";

/** The session the request's cookie opens, if any. A request without one never loads the configuration. */
export async function currentSession(headers: Headers): Promise<SessionSummary | undefined> {
  const token = sessionTokenOf(headers);
  if (!token) return undefined;
  return findSession((await authConfig()).sessionKey, token);
}
