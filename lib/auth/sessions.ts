import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { type Db, db } from "../db/client";
import { SESSION_LIFETIME_SECONDS } from "./session-cookie";

/** A write of `lastSeenAt` per request would be a write per page view: once a minute is enough. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface SessionSummary {
  id: number;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  userAgent: string;
  source: string;
}

/** What is stored of a token: its HMAC under the session key, so the table alone opens nothing. */
function tokenHash(token: string, sessionKey: Buffer): string {
  return createHmac("sha256", sessionKey).update(token).digest("hex");
}

/** Starts a session: a random token for the cookie, its HMAC in the table. */
export async function createSession(
  sessionKey: Buffer,
  browser: { userAgent: string; source: string },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date; id: number }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_SECONDS * 1000);
  const { id } = await db.session.create({
    data: {
      tokenHash: tokenHash(token, sessionKey),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      // Shown in the list, never indexed: a cap keeps a hostile header from bloating the row.
      userAgent: browser.userAgent.slice(0, 256),
      source: browser.source.slice(0, 64),
    },
    select: { id: true },
  });
  return { token, expiresAt, id };
}

/** The session a token opens, if it still exists and has not expired; notes that it was seen. */
export async function findSession(
  sessionKey: Buffer,
  token: string | undefined,
  now = new Date(),
): Promise<SessionSummary | undefined> {
  // Shaped as createSession makes them: anything else is not looked up at all.
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const session = await db.session.findUnique({ where: { tokenHash: tokenHash(token, sessionKey) } });
  if (!session || session.expiresAt <= now) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return session;
}

/** Ends the session a token opens, wherever its cookie was copied to. */
export async function endSession(sessionKey: Buffer, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { tokenHash: tokenHash(token, sessionKey) } });
}

/** Ends one session by its id (the Settings list); false when there was none. */
export async function endSessionById(id: number): Promise<boolean> {
  return (await db.session.deleteMany({ where: { id } })).count === 1;
}

/**
 * Ends every session: "sign out everywhere", a password change, a new session key. Returns how many
 * ended. `client` is another instance's client where the auth configuration is loaded with one.
 */
export async function endAllSessions(client: Db = db): Promise<number> {
  return (await client.session.deleteMany()).count;
}

/** Sessions that have not expired, the most recently used first. */
export function listSessions(now = new Date()): Promise<SessionSummary[]> {
  return db.session.findMany({ where: { expiresAt: { gt: now } }, orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }] });
}

/** Deletes expired sessions: nothing reads them, but they would pile up. */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
