import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "../../lib/db/client";
import type { DatabaseTarget } from "../../lib/db/database-url";
import { withMigrationLock } from "../../lib/db/migration-lock";
import { readMigrationsList } from "../../lib/db/schema-engine";
import { postgresUrlFor, tempDir, testProvider, withPostgresAdmin } from "../setup/databases";

// Two `npm start` at once on one database each run `npm run db:migrate` first; these run the
// script that command runs, in processes of their own, against a database no migration has touched.

const ROOT = path.resolve(import.meta.dirname, "../..");
// Starting tsx and the schema engine takes a few seconds on an idle machine, many more on a busy one.
const PROCESS_START_MS = 30_000;
const TEST_TIMEOUT_MS = 60_000;
/** The key `prisma migrate deploy` locks. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

async function freshDatabase(): Promise<DatabaseTarget> {
  if (testProvider() === "sqlite") {
    return { provider: "sqlite", url: path.join(tempDir("awm-migrate-twice-"), "app.db") };
  }
  // Named after the run, so the global teardown drops it with the run's other databases.
  const name = `${inject("testRunId")}_migrate_${randomBytes(4).toString("hex")}`;
  await withPostgresAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return { provider: "postgresql", url: postgresUrlFor(name) };
}

function databaseUrl(target: DatabaseTarget): string {
  return target.provider === "sqlite" ? `file:${target.url}` : target.url;
}

function startMigration(target: DatabaseTarget) {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/db/migrate.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(target) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    // "close", not "exit": by then every line it printed has been read.
    child.once("close", (code) => resolve({ code, output })),
  );
  const waiting = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      output += `${line}\n`;
      if (line.includes("waiting for it to finish")) resolve();
    });
    void exited.then(() => reject(new Error(`the migration exited without waiting:\n${output}`)));
  });
  // A run that is not asked whether it waited must not fail the file for not having waited.
  waiting.catch(() => {});
  return { child, exited, waiting };
}

async function expectMigratedOnce(target: DatabaseTarget) {
  const expected = readMigrationsList(target.provider).migrationDirectories.map((directory) => directory.path);
  const db = createDb(target);
  try {
    const finished = await db.$queryRaw<{ name: string }[]>`
      SELECT "migration_name" AS "name" FROM "_prisma_migrations"
      WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL ORDER BY "migration_name"`;
    const [{ rows }] = await db.$queryRaw<{ rows: bigint | number }[]>`
      SELECT COUNT(*) AS "rows" FROM "_prisma_migrations"`;
    expect(finished.map((row) => row.name)).toEqual(expected);
    expect(Number(rows)).toBe(expected.length);
    // The schema the migrations built takes the app's writes.
    await db.setting.create({ data: { key: "migrate-twice", value: "ok" } });
    expect(await db.setting.count()).toBe(1);
    expect(await db.delivery.count()).toBe(0);
  } finally {
    await db.$disconnect();
  }
}

describe("two processes migrating one fresh database at once", () => {
  it(
    "both exit 0, and every migration is applied and recorded exactly once",
    async () => {
      const target = await freshDatabase();
      // Holding the lock until both have said they wait makes them overlap every time, however
      // their start-up times fall; once it is let go they race for it.
      const runs = await withMigrationLock(target, async () => {
        const started = [startMigration(target), startMigration(target)];
        await Promise.all(started.map((run) => run.waiting));
        return started;
      });
      const results = await Promise.all(runs.map((run) => run.exited));

      expect(results.map((result) => result.code)).toEqual([0, 0]);
      const said = results.map((result) => (/applied \d+ migration/.test(result.output) ? "applied" : "up to date"));
      expect(said.sort()).toEqual(["applied", "up to date"]);
      expect(results.find((result) => !/applied/.test(result.output))?.output).toMatch(/database is up to date/);
      await expectMigratedOnce(target);
    },
    TEST_TIMEOUT_MS,
  );

  it.runIf(testProvider() === "postgresql")(
    "waits for Prisma's own migrate deploy, which holds the same lock the schema engine takes",
    async () => {
      const target = await freshDatabase();
      const prisma = new pg.Client({ connectionString: target.url });
      await prisma.connect();
      try {
        await prisma.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
        const run = startMigration(target);
        try {
          // The runner's process queues behind Prisma's lock rather than migrating beside it.
          await expect
            .poll(
              async () => {
                const { rows } = await prisma.query(
                  `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
                     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
                  [PRISMA_MIGRATE_LOCK_KEY],
                );
                return rows.length;
              },
              { timeout: PROCESS_START_MS, interval: 100 },
            )
            .toBe(1);
          expect(run.child.exitCode).toBeNull();
          await prisma.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
          const result = await run.exited;
          expect(result.code, result.output).toBe(0);
        } finally {
          run.child.kill("SIGKILL");
        }
      } finally {
        await prisma.end();
      }
      await expectMigratedOnce(target);
    },
    TEST_TIMEOUT_MS,
  );
});
