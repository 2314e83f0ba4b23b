import { execFileSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

// What the e2e servers stored, read straight from their databases (playwright.config.ts says
// where): the one check a page or an API answer cannot make is that a value is not in a row.

export type Provider = "sqlite" | "postgresql";

export function providerOf(projectName: string): Provider {
  return projectName === "postgresql" ? "postgresql" : "sqlite";
}

export function sqliteFile(): string {
  return path.join(process.env.E2E_DATABASE_DIR ?? "", "e2e.db");
}

export function postgresUrl(): string {
  const url = process.env.E2E_POSTGRES_URL;
  if (!url) throw new Error("the postgresql project runs only with E2E_POSTGRES_URL (playwright.config.ts)");
  return url;
}

/** Every row `sql` selects, on the server `provider` names. `sql` takes no parameters: callers inline checked integers only. */
export async function selectRows(provider: Provider, sql: string): Promise<Record<string, unknown>[]> {
  if (provider === "sqlite") {
    const db = new Database(sqliteFile(), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A copy of everything the server has stored, as a backup or a stolen dump would hold it: a
 * consistent snapshot of the SQLite file, or pg_dump into a new database. `drop` removes it.
 */
export async function copyDatabase(
  provider: Provider,
  folder: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const copy = path.join(folder, "copy.db");
    const db = new Database(sqliteFile(), { fileMustExist: true });
    try {
      db.prepare("VACUUM INTO ?").run(copy);
    } finally {
      db.close();
    }
    return { url: `file:${copy}`, drop: async () => {} };
  }
  const source = new URL(postgresUrl());
  const name = `${source.pathname.slice(1)}_copy_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const target = new URL(source);
  target.pathname = `/${name}`;
  execFileSync("sh", [
    "-c",
    'pg_dump --no-owner --no-privileges "$1" | psql -q -v ON_ERROR_STOP=1 "$2"',
    "sh",
    source.toString(),
    target.toString(),
  ]);
  return { url: target.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
