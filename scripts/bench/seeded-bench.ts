// What bench:query and bench:export share: their --rows, a fresh database per provider seeded
// with that many deliveries, measured in a child process bound to it (the app's one client is
// bound to DATABASE_URL when it is first imported), and the figures each child leaves behind.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Db } from "../../lib/db/client";
import type { DatabaseProvider } from "../../lib/db/database-url";
import { type FreshDatabase, freshPostgresDatabase, freshSqliteDatabase } from "./fresh-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RESULTS_DIR = path.join(ROOT, "bench-results");
/** The seeded deliveries spread evenly over this many days before now. */
const HISTORY_DAYS = 90;
const MAX_ROWS = 20_000_000;

/** A whole-number argument within [min, max]; anything else ends the run with a message. */
export function wholeNumber(bench: string, name: string, value: string, min: number, max: number): number {
  const parsed = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    console.error(`${bench}: --${name} must be a whole number from ${min} to ${max}, not "${value}"`);
    process.exit(2);
  }
  return parsed;
}

/** --rows: how many deliveries to seed. */
export function rowCountArg(bench: string, value: string): number {
  return wholeNumber(bench, "rows", value, 1_000, MAX_ROWS);
}

/** --provider: measure only this one (both by default, PostgreSQL when a server is named). */
export function providerArg(bench: string, value: string | undefined): DatabaseProvider | undefined {
  if (value === undefined || value === "sqlite" || value === "postgresql") return value;
  console.error(`${bench}: --provider must be sqlite or postgresql, not "${value}"`);
  process.exit(2);
}

/**
 * Seeds `rows` deliveries ending at `now`, printing progress; answers how long it took, in
 * seconds. PostgreSQL's autovacuum would analyze a table this size soon after such a load, so it
 * is done here rather than timing queries planned without statistics. SQLite is measured as the
 * app leaves it: nothing runs ANALYZE there.
 */
export async function seedHistory(db: Db, provider: DatabaseProvider, rows: number, now: Date): Promise<number> {
  // Imported here, in the child: the seeder reaches the app's client, bound to DATABASE_URL on import.
  const { seedDeliveries } = await import("./seed-deliveries");
  const started = performance.now();
  let lastReport = 0;
  await seedDeliveries(db, provider, rows, {
    now,
    days: HISTORY_DAYS,
    onProgress: (inserted) => {
      if (inserted - lastReport < 100_000 && inserted < rows) return;
      lastReport = inserted;
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`  seeded ${inserted.toLocaleString("en")} rows in ${seconds.toFixed(0)} s\r`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n  seeded ${rows.toLocaleString("en")} deliveries in ${seconds.toFixed(1)} s`);
  if (provider === "postgresql") await db.$executeRawUnsafe(`VACUUM ANALYZE "Delivery"`);
  return seconds;
}

/** The machine's state beside the figures: other work on these cores slows every one of them. */
export function machineLoad(): { cpus: number; loadBefore: number } {
  const loadBefore = os.loadavg()[0];
  console.log(`  1-minute load average before timing: ${loadBefore.toFixed(1)} on ${os.cpus().length} CPUs`);
  return { cpus: os.cpus().length, loadBefore };
}

/** Writes a child's figures to bench-results/<file>, with the load average at the end. */
export function writeFigures(file: string, figures: Record<string, unknown>): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS_DIR, file),
    `${JSON.stringify({ ...figures, loadAfter: os.loadavg()[0] }, null, 2)}\n`,
  );
}

/**
 * In the parent: a fresh database per provider (PostgreSQL when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL names a server), each measured by this script run again as a child with
 * `childArgs`. Sets the exit code when a child failed (missed a target).
 */
export async function measureEachDatabase({
  script,
  databaseName,
  heading,
  childArgs,
  nodeArgs = [],
  only,
}: {
  /** The bench's own file (import.meta.filename). */
  script: string;
  /** The PostgreSQL database's name, made unique to this run. */
  databaseName: string;
  /** The line printed before each database's figures. */
  heading: (provider: DatabaseProvider, database: FreshDatabase) => string;
  childArgs: string[];
  nodeArgs?: string[];
  only?: DatabaseProvider;
}): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl && only !== "sqlite")
    console.log("PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to a server to measure it too");
  const available: DatabaseProvider[] = serverUrl ? ["sqlite", "postgresql"] : ["sqlite"];
  const providers = available.filter((provider) => !only || provider === only);
  let failures = 0;
  for (const provider of providers) {
    const database =
      provider === "sqlite"
        ? await freshSqliteDatabase()
        : await freshPostgresDatabase(serverUrl ?? "", `${databaseName}_${process.pid}`);
    console.log(`\n${heading(provider, database)}`);
    try {
      const child = spawnSync(process.execPath, [...process.execArgv, ...nodeArgs, script, "--child", ...childArgs], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database.databaseUrl },
        stdio: "inherit",
      });
      if (child.status !== 0) failures++;
    } finally {
      await database.drop();
    }
  }
  process.exitCode = failures > 0 ? 1 : 0;
}
