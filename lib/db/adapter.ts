import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseTarget } from "./database-url";

const SQLITE_BUSY_TIMEOUT_MS = 500;

// WAL lets the dashboard read while the receiver writes. synchronous=NORMAL makes a commit
// durable against a crash or kill -9 of this process (the WAL is written before the commit
// returns); only an OS crash or power loss can lose the last commits. See README, "Durability".
const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

/** How long a query may wait for PostgreSQL before the receiver gives up and answers 503. */
const POSTGRES_CONNECT_TIMEOUT_MS = 800;

/** The driver adapter for a database, shared by the app's client and the migration runner. */
export function createAdapterFactory(target: DatabaseTarget) {
  if (target.provider === "sqlite") {
    fs.mkdirSync(path.dirname(target.url), { recursive: true });
    // `timeout` is better-sqlite3's busy timeout: a second process (a migration, a script)
    // holding the write lock makes us wait instead of failing at once. The wait blocks the event
    // loop, so it stays well inside the second in which the receiver must answer 503.
    const factory = new PrismaBetterSqlite3({ url: target.url, timeout: SQLITE_BUSY_TIMEOUT_MS });
    const connect = factory.connect.bind(factory);
    // Pragmas are set on each connection the adapter opens, before it runs any query.
    factory.connect = async () => {
      const adapter = await connect();
      await adapter.executeScript(SQLITE_PRAGMAS);
      return adapter;
    };
    return factory;
  }
  return new PrismaPg({
    connectionString: target.url,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    max: Number(process.env.DATABASE_POOL_SIZE) || 10,
  });
}
