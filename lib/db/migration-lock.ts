import "server-only";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseTarget } from "./database-url";

/** Long enough for another process's migration over a large table; a holder stuck for longer is a fault to report. */
const MIGRATION_LOCK_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 100;
const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Prisma's `migrate deploy` locks pg_advisory_lock(72707369), and the WASM schema engine takes that
 * same lock by itself inside applyMigrations, on one of its own connections: that is what keeps
 * this runner and Prisma's CLI apart. The runner's lock must therefore be another key: held on a
 * connection of ours, Prisma's key would make our own engine wait for us forever. Prisma's plus
 * one, so the two sit side by side in pg_locks.
 */
const RUNNER_ADVISORY_LOCK_KEY = 72707370;

interface MigrationLock {
  /** Takes the lock if it is free; false when another process holds it. */
  tryTake(): Promise<boolean>;
  /** Lets go of the lock, if held, and of its connection. */
  close(): Promise<void>;
}

/**
 * Runs work while holding the database's migration lock, so that processes started together
 * (two `npm start`, a deploy beside a running instance) apply each migration once: the others
 * wait, then find nothing pending. Both locks belong to a connection, not to a file's contents or
 * a row, so a process that dies, even by SIGKILL, lets go of its lock with it: none goes stale.
 */
export async function withMigrationLock<T>(
  target: DatabaseTarget,
  work: () => Promise<T>,
  timeoutMs = MIGRATION_LOCK_TIMEOUT_MS,
): Promise<T> {
  const lock = target.provider === "sqlite" ? openSqliteLock(target.url) : await openPostgresLock(target.url);
  try {
    const deadline = Date.now() + timeoutMs;
    let announced = false;
    while (!(await lock.tryTake())) {
      if (Date.now() >= deadline) {
        throw new Error(
          `Another process has held the migration lock of this database for over ${timeoutMs / 1000} s; gave up waiting for it`,
        );
      }
      if (!announced) {
        console.log("Another process is applying migrations to this database; waiting for it to finish");
        announced = true;
      }
      await sleep(POLL_MS);
    }
    return await work();
  } finally {
    await lock.close();
  }
}

// Referenced here until closed: better-sqlite3 closes a connection that nothing refers to when it is
// collected, which would let go of the lock while a stalled holder still counts on it.
const openSqliteLocks = new Set<Database.Database>();

/**
 * An exclusive transaction on a small database file of its own beside the database: SQLite's own
 * file lock, which the operating system drops when the process ends. (The database file itself
 * cannot carry it: the schema engine has to write there.)
 */
function openSqliteLock(databaseFile: string): MigrationLock {
  const file = `${databaseFile}.migration-lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // No busy timeout: a taken lock answers SQLITE_BUSY at once and the wait happens in our loop,
  // which leaves the event loop free and counts towards the deadline.
  const connection = new Database(file, { timeout: 0 });
  openSqliteLocks.add(connection);
  return {
    async tryTake() {
      try {
        connection.exec("BEGIN EXCLUSIVE");
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === "SQLITE_BUSY") return false;
        throw error;
      }
    },
    async close() {
      if (connection.inTransaction) connection.exec("ROLLBACK");
      connection.close();
      openSqliteLocks.delete(connection);
    },
  };
}

/** A session-level advisory lock on a connection of its own, outside the schema engine's pool. */
async function openPostgresLock(url: string): Promise<MigrationLock> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS });
  // Without a listener, the server closing this idle connection would crash the process mid-migration.
  client.on("error", (error) => {
    console.error("The migration lock's connection to PostgreSQL was lost:", error.message);
  });
  await client.connect();
  return {
    async tryTake() {
      const { rows } = await client.query<{ taken: boolean }>("SELECT pg_try_advisory_lock($1) AS taken", [
        RUNNER_ADVISORY_LOCK_KEY,
      ]);
      return rows[0].taken;
    },
    // Ending the session releases its advisory locks.
    close: () => client.end(),
  };
}
