import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: DatabaseProvider;
  /** For SQLite, an absolute file path; for PostgreSQL, the connection string as given. */
  url: string;
}

/** Where the embedded database lives when DATABASE_URL is unset. git ignores data/. */
export const DEFAULT_DATABASE_URL = "file:./data/accelo-monitor.db";

export function resolveDatabaseTarget(databaseUrl = process.env.DATABASE_URL): DatabaseTarget {
  const url = databaseUrl?.trim() || DEFAULT_DATABASE_URL;
  if (url.startsWith("file:")) {
    return { provider: "sqlite", url: path.resolve(url.slice("file:".length)) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { provider: "postgresql", url };
  }
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)");
}
