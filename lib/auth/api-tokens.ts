import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/client";

export const API_TOKEN_SCOPES = ["read", "read-write"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** Marks our tokens, so a secret scanner (and a reader of a leaked script) knows what it found. */
const TOKEN_PREFIX = "awm_";
const TOKEN_PATTERN = /^awm_[A-Za-z0-9_-]{43}$/;
/** Characters of the token kept in the clear: enough to tell tokens apart, far too few to guess the rest. */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** As for sessions: the last use is worth knowing to the minute, not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenSummary {
  id: number;
  name: string;
  scope: ApiTokenScope;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

// A token is 256 random bits, so a plain SHA-256 is as good as a slow hash here, and fast enough
// to run on every request.
function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function summary(row: Omit<ApiTokenSummary, "scope"> & { scope: string }): ApiTokenSummary {
  return { ...row, scope: row.scope === "read-write" ? "read-write" : "read" };
}

/** Creates a token; the only time its value exists outside the client that asked for it. */
export async function createApiToken(input: {
  name: string;
  scope: ApiTokenScope;
  expiresAt: Date | null;
}): Promise<{ token: string; apiToken: ApiTokenSummary }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: { ...input, tokenHash: tokenHash(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) },
  });
  return { token, apiToken: summary(row) };
}

/** The token a bearer value names, if it exists and has not expired; notes that it was used. */
export async function findApiToken(token: string, now = new Date()): Promise<ApiTokenSummary | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const row = await db.apiToken.findUnique({ where: { tokenHash: tokenHash(token) } });
  if (!row || (row.expiresAt !== null && row.expiresAt <= now)) return undefined;
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return summary(row);
}

export async function listApiTokens(): Promise<ApiTokenSummary[]> {
  return (await db.apiToken.findMany({ orderBy: { id: "desc" } })).map(summary);
}

/** Revokes a token at once, everywhere; false when there was none. */
export async function revokeApiToken(id: number): Promise<boolean> {
  return (await db.apiToken.deleteMany({ where: { id } })).count === 1;
}
