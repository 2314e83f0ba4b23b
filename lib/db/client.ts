import "server-only";
import { createAdapterFactory } from "./adapter";
import { type DatabaseTarget, resolveDatabaseTarget } from "./database-url";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";

// Both generated clients share one data model, so they expose the same API; the SQLite one is
// used as the type for either.
export type Db = SqliteClient<never, typeof omit>;

// Secrets stay out of query results unless a query asks for them by name.
const omit = {
  setting: { value: true },
  session: { tokenHash: true },
  apiToken: { tokenHash: true },
  subscription: { secret: true },
  destination: { url: true, secret: true },
  alertChannel: { target: true },
} as const;

export function createDb(target: DatabaseTarget = resolveDatabaseTarget()): Db {
  const adapter = createAdapterFactory(target);
  if (target.provider === "postgresql") {
    return new PostgresClient({ adapter, omit }) as unknown as Db;
  }
  return new SqliteClient({ adapter, omit });
}

const globalForDb = globalThis as unknown as { accelomonitorDb?: Db };

/** The app's one Prisma client, for DATABASE_URL; kept across hot reloads in development. */
globalForDb.accelomonitorDb ??= createDb();
export const db: Db = globalForDb.accelomonitorDb;
