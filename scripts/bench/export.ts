// npm run bench:export -- [--rows 1000000] [--provider sqlite|postgresql]
//
// How fast GET /api/deliveries/export streams a large history, and whether its memory stays flat:
// seeds --rows deliveries into a fresh SQLite file, and into a fresh PostgreSQL database when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a server, then reads every row through
// exportStream (what the route answers with) as NDJSON and as CSV. The baseline is the same
// keyset SELECTs without writing anything, so the ratios say what the encoding costs on top of
// reading. RSS is sampled through each run (start, peak, end). Each database is measured in a
// child process, because the app's one client is bound to DATABASE_URL when it is first imported.
// Figures go to stdout and bench-results/export-<provider>-<rows>.json.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { machineLoad, measureEachDatabase, providerArg, rowCountArg, seedHistory, writeFigures } from "./seeded-bench";

/** The targets: at least this many rows a second, and memory that does not grow with the rows. */
const TARGET_ROWS_PER_SECOND = 50_000;
const TARGET_RSS_GROWTH_MB = 64;
const RSS_SAMPLE_MS = 25;

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    provider: { type: "string" },
    child: { type: "boolean", default: false },
  },
});

const rowCount = rowCountArg("bench:export", args.rows);
const onlyProvider = providerArg("bench:export", args.provider);

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
  const [{ db }, { resolveDatabaseTarget }, { deliveryFiltersSchema }, exporter, lists, queries] = await Promise.all([
    import("../../lib/db/client"),
    import("../../lib/db/database-url"),
    import("../../lib/deliveries/filters"),
    import("../../lib/deliveries/export-deliveries"),
    import("../../lib/deliveries/list-deliveries"),
    import("../../lib/deliveries/queries"),
  ]);
  const provider = resolveDatabaseTarget().provider;
  await seedHistory(db, provider, rowCount, new Date());

  const filters = deliveryFiltersSchema.parse({});
  const machine = machineLoad();

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
  writeFigures(`export-${provider}-${rowCount}.json`, { provider, rows: rowCount, ...machine, results });
  await db.$disconnect();
  if (missed.length > 0) process.exitCode = 1;
}

await (args.child
  ? measure()
  : measureEachDatabase({
      script: import.meta.filename,
      databaseName: "awm_export_bench",
      heading: (provider, database) => `${provider}: ${database.label}, ${rowCount.toLocaleString("en")} rows`,
      only: onlyProvider,
      childArgs: ["--rows", String(rowCount)],
      // --expose-gc: each run starts from a collected heap, so its RSS growth is its own.
      nodeArgs: ["--expose-gc"],
    }));
