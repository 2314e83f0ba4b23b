import "server-only";
import { requestSource } from "../http/request-source";
import { authConfig } from "./auth-config";
import { currentSession } from "./current-session";
import { sessionTokenOf } from "./session-cookie";
import { endSession, endSessionById, listSessions, type SessionSummary } from "./sessions";
import type { Browser } from "./sign-in";

/** The browser a request came from, as a new session records it. */
export function browserOf(headers: Headers): Browser {
  return { source: requestSource(headers), userAgent: headers.get("user-agent") ?? "" };
}

/** Ends the session the request's cookie names, for every copy of that cookie. */
export async function signOut(headers: Headers): Promise<void> {
  const token = sessionTokenOf(headers);
  if (token) await endSession((await authConfig()).sessionKey, token);
}

export interface SessionListItem extends SessionSummary {
  /** The session of the browser asking. */
  current: boolean;
}

export async function sessionsSeenFrom(headers: Headers): Promise<SessionListItem[]> {
  const current = await currentSession(headers);
  return (await listSessions()).map((session) => ({ ...session, current: session.id === current?.id }));
}

/** Ends one session; `endedOwn` says the asking browser's was it, so its cookie goes too. */
export async function endOneSession(headers: Headers, id: number): Promise<{ found: boolean; endedOwn: boolean }> {
  const current = await currentSession(headers);
  return { found: await endSessionById(id), endedOwn: current?.id === id };
}
