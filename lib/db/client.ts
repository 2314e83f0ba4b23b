import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { createAdapterFactory } from "./adapter";
import { resolveDatabaseTarget, type DatabaseTarget } from "./database-url";

// Both generated clients share one data model, so they expose the same API; the SQLite one is
// used as the type for either.
export type Db = SqliteClient<never, typeof omit>;

// WAL lets the dashboard read while the receiver writes. synchronous=NORMAL makes a commit
// durable against a crash or kill -9 of this process (the WAL is written before the commit
// returns); only an OS crash or power loss can lose the last commits. See README, "Durability".
const SQLITE_PRAGMAS = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"];

// Secrets stay out of query results unless a query asks for them by name.
const omit = { setting: { value: true } } as const;

export function createDb(target: DatabaseTarget = resolveDatabaseTarget()): Db {
  const adapter = createAdapterFactory(target);
  if (target.provider === "postgresql") {
    return new PostgresClient({ adapter, omit }) as unknown as Db;
  }
  const client = new SqliteClient({ adapter, omit });
  // The adapter holds one connection, opened by the first query: these run before any other.
  for (const pragma of SQLITE_PRAGMAS) void client.$queryRawUnsafe(pragma);
  return client;
}

const globalForDb = globalThis as unknown as { accelomonitorDb?: Db };

/** The app's one Prisma client, for DATABASE_URL; kept across hot reloads in development. */
export const db: Db = (globalForDb.accelomonitorDb ??= createDb());

let connecting: Promise<void> | undefined;

/**
 * Loads the query compiler and opens the first connection: slow once (about a second on
 * PostgreSQL), then free. Callers with a deadline await this first, so that a cold start is
 * not mistaken for a database that is down.
 */
export function connectDb(): Promise<void> {
  connecting ??= db.$queryRawUnsafe("SELECT 1").then(
    () => undefined,
    (error: unknown) => {
      connecting = undefined;
      throw error;
    },
  );
  return connecting;
}
