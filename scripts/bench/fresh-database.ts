// An empty, migrated database for one benchmark run: a SQLite file in a temp folder, or a new
// database on the PostgreSQL server a URL names. Dropped afterwards, so runs never see each other.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { DatabaseTarget } from "../../lib/db/database-url";
import { applyPendingMigrations } from "../../lib/db/migrate";

export interface FreshDatabase {
  target: DatabaseTarget;
  /** What DATABASE_URL must say for the app to use it. */
  databaseUrl: string;
  /** Where the run may keep files (the server's log). */
  workDir: string;
  /** The database without credentials, for printing. */
  label: string;
  drop(): Promise<void>;
}

export async function freshSqliteDatabase(): Promise<FreshDatabase> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "awm-bench-"));
  const file = path.join(workDir, "bench.db");
  const target: DatabaseTarget = { provider: "sqlite", url: file };
  await applyPendingMigrations(target);
  return {
    target,
    databaseUrl: `file:${file}`,
    workDir,
    label: file,
    drop: async () => fs.rmSync(workDir, { recursive: true, force: true }),
  };
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `serverUrl` may name any database on the server; a new one called `name` is made beside it. */
export async function freshPostgresDatabase(serverUrl: string, name: string): Promise<FreshDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  await onServer(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const target: DatabaseTarget = { provider: "postgresql", url: databaseUrl };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "awm-bench-"));
  const drop = async () => {
    await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await applyPendingMigrations(target);
  } catch (error) {
    await drop();
    throw error;
  }
  return { target, databaseUrl, workDir, label: `${url.host}${url.pathname}`, drop };
}
