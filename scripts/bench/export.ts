// npm run bench:export -- [--rows 1000000]
//
// How fast GET /api/deliveries/export streams a large history, and whether its memory stays flat:
// seeds --rows deliveries into a fresh SQLite file, and into a fresh PostgreSQL database when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a server, then reads every row through
// exportStream (what the route answers with) as NDJSON and as CSV. The baseline is the same
// keyset SELECTs without writing anything, so the ratios say what the encoding costs on top of
// reading. RSS is sampled through each run (start, peak, end). Each database is measured in a
// child process, because the app's one client is bound to DATABASE_URL when it is first imported.
// Figures go to stdout and bench-results/export-<provider>.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { DatabaseProvider } from "../../lib/db/database-url";
import { type FreshDatabase, freshPostgresDatabase, freshSqliteDatabase } from "./fresh-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RESULTS_DIR = path.join(ROOT, "bench-results");
/** The targets: at least this many rows a second, and memory that does not grow with the rows. */
const TARGET_ROWS_PER_SECOND = 50_000;
const TARGET_RSS_GROWTH_MB = 64;
const RSS_SAMPLE_MS = 25;
const HISTORY_DAYS = 90;

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    child: { type: "boolean", default: false },
  },
});

const rowCount = Number(args.rows.replaceAll("_", ""));
if (!Number.isInteger(rowCount) || rowCount < 1_000 || rowCount > 20_000_000) {
  console.error(`bench:export: --rows must be a whole number from 1000 to 20000000, not "${args.rows}"`);
  process.exit(2);
}

interface RunResult {
  name: string;
  rows: number;
  megabytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** Rows per second of this process's CPU time: less swayed than wall time by other work on the machine. */
  rowsPerCpuSecond: number;
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Runs `work`, sampling RSS every few milliseconds; `work` answers the rows and bytes it read. */
async function sampled(name: string, work: () => Promise<{ rows: number; bytes: number }>): Promise<RunResult> {
  globalThis.gc?.();
  const rssStart = process.memoryUsage.rss();
  let rssPeak = rssStart;
  const timer = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const { rows, bytes } = await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(timer);
  const rssEnd = process.memoryUsage.rss();
  rssPeak = Math.max(rssPeak, rssEnd);
  return {
    name,
    rows,
    megabytes: mb(bytes),
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    rowsPerCpuSecond: Math.round(rows / ((cpu.user + cpu.system) / 1e6)),
    rssStartMb: mb(rssStart),
    rssPeakMb: mb(rssPeak),
    rssEndMb: mb(rssEnd),
  };
}

/** In the child: seed, then read every row as the baseline and as each format. */
async function measure(): Promise<void> {
  const [{ db }, { resolveDatabaseTarget }, { deliveryFiltersSchema }, exporter, lists, queries, { seedDeliveries }] =
    await Promise.all([
      import("../../lib/db/client"),
      import("../../lib/db/database-url"),
      import("../../lib/deliveries/filters"),
      import("../../lib/deliveries/export-deliveries"),
      import("../../lib/deliveries/list-deliveries"),
      import("../../lib/deliveries/queries"),
      import("./seed-deliveries"),
    ]);
  const provider = resolveDatabaseTarget().provider;

  const seedStart = performance.now();
  let lastReport = 0;
  await seedDeliveries(db, provider, rowCount, {
    now: new Date(),
    days: HISTORY_DAYS,
    onProgress: (inserted) => {
      if (inserted - lastReport < 100_000 && inserted < rowCount) return;
      lastReport = inserted;
      const seconds = (performance.now() - seedStart) / 1000;
      process.stdout.write(`  seeded ${inserted.toLocaleString("en")} rows in ${seconds.toFixed(0)} s\r`);
    },
  });
  console.log(
    `\n  seeded ${rowCount.toLocaleString("en")} deliveries in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  if (provider === "postgresql") await db.$executeRawUnsafe(`VACUUM ANALYZE "Delivery"`);

  const filters = deliveryFiltersSchema.parse({});
  const loadBefore = os.loadavg()[0];
  console.log(`  1-minute load average before timing: ${loadBefore.toFixed(1)} on ${os.cpus().length} CPUs`);

  const results: RunResult[] = [];
  const report = (result: RunResult) => {
    results.push(result);
    const baseline = results[0];
    console.log(
      `  ${result.name.padEnd(34)} ${result.rowsPerSecond.toLocaleString("en").padStart(9)} rows/s` +
        ` (${(result.rowsPerSecond / baseline.rowsPerSecond).toFixed(2)}× baseline),` +
        ` ${result.rowsPerCpuSecond.toLocaleString("en")} rows/CPU-s` +
        `  ${String(result.megabytes).padStart(7)} MB in ${result.seconds} s` +
        `  RSS start ${result.rssStartMb} / peak ${result.rssPeakMb} / end ${result.rssEndMb} MB`,
    );
  };

  // The same keyset SELECTs the export makes, the rows dropped as they come.
  report(
    await sampled("baseline: keyset SELECT, no output", async () => {
      let rows = 0;
      let below = Number.POSITIVE_INFINITY;
      for (;;) {
        const batch = (await queries.selectExportRows(
          lists.listConditions(filters, 0, below),
          exporter.EXPORT_BATCH_SIZE,
        )) as { id: number }[];
        rows += batch.length;
        if (batch.length < exporter.EXPORT_BATCH_SIZE) return { rows, bytes: 0 };
        below = batch[batch.length - 1].id;
      }
    }),
  );
  for (const format of ["ndjson", "csv"] as const) {
    report(
      await sampled(`export ${format}`, async () => {
        let bytes = 0;
        const reader = exporter.exportStream(filters, format).getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
        // Every seeded row is exported: the baseline counted them.
        return { rows: results[0].rows, bytes };
      }),
    );
  }

  const missed = results
    .slice(1)
    .filter(
      (result) =>
        result.rowsPerSecond < TARGET_ROWS_PER_SECOND || result.rssPeakMb - result.rssStartMb > TARGET_RSS_GROWTH_MB,
    );
  console.log(
    `  targets: ≥ ${TARGET_ROWS_PER_SECOND.toLocaleString("en")} rows/s, RSS peak ≤ start + ${TARGET_RSS_GROWTH_MB} MB: ` +
      (missed.length === 0 ? "all met" : `missed by ${missed.map((result) => result.name).join(", ")}`),
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS_DIR, `export-${provider}.json`),
    `${JSON.stringify({ provider, rows: rowCount, cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg()[0], results }, null, 2)}\n`,
  );
  await db.$disconnect();
  if (missed.length > 0) process.exitCode = 1;
}

/** In the parent: one fresh database per provider, measured by a child bound to it. */
async function orchestrate(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const providers: DatabaseProvider[] = serverUrl ? ["sqlite", "postgresql"] : ["sqlite"];
  if (!serverUrl)
    console.log("PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to a server to measure it too");
  let failures = 0;
  for (const provider of providers) {
    const database: FreshDatabase =
      provider === "sqlite"
        ? await freshSqliteDatabase()
        : await freshPostgresDatabase(serverUrl ?? "", `awm_export_bench_${process.pid}`);
    console.log(`\n${provider}: ${database.label}, ${rowCount.toLocaleString("en")} rows`);
    try {
      const child = spawnSync(
        process.execPath,
        // --expose-gc: each run starts from a collected heap, so its RSS growth is its own.
        [...process.execArgv, "--expose-gc", import.meta.filename, "--child", "--rows", String(rowCount)],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.databaseUrl }, stdio: "inherit" },
      );
      if (child.status !== 0) failures++;
    } finally {
      await database.drop();
    }
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

await (args.child ? measure() : orchestrate());
