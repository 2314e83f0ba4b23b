import path from "node:path";
import type { TestProject } from "vitest/node";
import type { DatabaseTarget } from "../../lib/db/database-url";
import { applyPendingMigrations } from "../../lib/db/migrate";
import { postgresUrlFor, tempDir, testProvider, withPostgresAdmin } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: DatabaseTarget;
    testRunId: string;
  }
}

/** Migrates one template database per run; every test file starts from a copy of it. */
export default async function setup(project: TestProject) {
  const runId = `awm_t${process.pid}`;
  let template: DatabaseTarget;
  if (testProvider() === "postgresql") {
    const name = `${runId}_template`;
    await withPostgresAdmin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      await client.query(`CREATE DATABASE "${name}"`);
    });
    template = { provider: "postgresql", url: postgresUrlFor(name) };
  } else {
    template = { provider: "sqlite", url: path.join(tempDir("awm-test-"), "template.db") };
  }
  await applyPendingMigrations(template);
  project.provide("templateDatabase", template);
  project.provide("testRunId", runId);

  return async () => {
    if (template.provider !== "postgresql") return;
    await withPostgresAdmin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1",
        [`${runId}_%`],
      );
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  };
}
