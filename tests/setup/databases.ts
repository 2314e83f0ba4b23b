import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { DatabaseTarget } from "../../lib/db/database-url";

// Tests run against real databases: a SQLite file, or a database created on the PostgreSQL
// server that TEST_DATABASE_URL names. Each test file gets a fresh copy of one migrated
// template, so files never see each other's rows.

export type TestProvider = "sqlite" | "postgresql";

export function testProvider(): TestProvider {
  return process.env.TEST_PROVIDER === "postgresql" ? "postgresql" : "sqlite";
}

export function postgresServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_PROVIDER=postgresql needs TEST_DATABASE_URL (any database on the server)");
  return url;
}

export function postgresUrlFor(database: string): string {
  const url = new URL(postgresServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withPostgresAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty-but-migrated database cloned from the template the global setup made. */
export async function cloneTemplate(template: DatabaseTarget, name: string): Promise<DatabaseTarget> {
  if (template.provider === "sqlite") {
    const file = path.join(path.dirname(template.url), `${name}.db`);
    fs.copyFileSync(template.url, file);
    return { provider: "sqlite", url: file };
  }
  const templateName = new URL(template.url).pathname.slice(1);
  await withPostgresAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`));
  return { provider: "postgresql", url: postgresUrlFor(name) };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
