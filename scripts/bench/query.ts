// npm run bench:query -- [--rows 1000000] [--runs 50] [--kinds list,search,overview]
//
// How fast the delivery list answers over a large history: seeds --rows deliveries into a fresh
// SQLite file, and into a fresh PostgreSQL database when BENCH_DATABASE_URL or TEST_DATABASE_URL
// names a server, then times listDeliveries (the function GET /api/deliveries calls) for the
// first page, a deep cursor page, each filter and the text search: p50/p95 over --runs calls.
// Each database is measured in a child process, because the app's one client is bound to
// DATABASE_URL when it is first imported. Figures go to stdout and bench-results/query-<provider>-<rows>.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { DatabaseProvider } from "../../lib/db/database-url";
import { type FreshDatabase, freshPostgresDatabase, freshSqliteDatabase } from "./fresh-database";
import { searchBoxCases } from "./search-cases";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RESULTS_DIR = path.join(ROOT, "bench-results");
/** The targets: p95 of every list query under 50 ms, text search under 300 ms. */
const TARGET_P95_MS = 50;
const TARGET_SEARCH_P95_MS = 300;
const WARMUP_RUNS = 3;
const HISTORY_DAYS = 90;

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    runs: { type: "string", default: "50" },
    /** Which cases to time: at 10M rows the overview's alone take minutes to reach. */
    kinds: { type: "string", default: "list,search,overview" },
    child: { type: "boolean", default: false },
  },
});

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    console.error(`bench:query: --${name} must be a whole number from ${min} to ${max}, not "${value}"`);
    process.exit(2);
  }
  return parsed;
}
const rowCount = wholeNumber("rows", args.rows, 1_000, 20_000_000);
const runs = wholeNumber("runs", args.runs, 1, 10_000);
const CASE_KINDS = ["list", "search", "overview"] as const;
const kinds = args.kinds.split(",");
if (kinds.length === 0 || kinds.some((kind) => !CASE_KINDS.includes(kind as (typeof CASE_KINDS)[number]))) {
  console.error(`bench:query: --kinds must name some of ${CASE_KINDS.join(", ")}, not "${args.kinds}"`);
  process.exit(2);
}

interface CaseResult {
  name: string;
  kind: (typeof CASE_KINDS)[number];
  rows: number;
  p50: number;
  p95: number;
  max: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** In the child: seed, then time every case against the database DATABASE_URL names. */
async function measure(): Promise<void> {
  const [{ db }, { resolveDatabaseTarget }, { deliveryFiltersSchema }, lists, cursors, { seedDeliveries }] =
    await Promise.all([
      import("../../lib/db/client"),
      import("../../lib/db/database-url"),
      import("../../lib/deliveries/filters"),
      import("../../lib/deliveries/list-deliveries"),
      import("../../lib/deliveries/cursor"),
      import("./seed-deliveries"),
    ]);
  const provider = resolveDatabaseTarget().provider;
  const now = new Date();

  const seedStart = performance.now();
  let lastReport = 0;
  await seedDeliveries(db, provider, rowCount, {
    now,
    days: HISTORY_DAYS,
    onProgress: (inserted) => {
      if (inserted - lastReport < 100_000 && inserted < rowCount) return;
      lastReport = inserted;
      const seconds = (performance.now() - seedStart) / 1000;
      process.stdout.write(`  seeded ${inserted.toLocaleString("en")} rows in ${seconds.toFixed(0)} s\r`);
    },
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`\n  seeded ${rowCount.toLocaleString("en")} deliveries in ${seedSeconds.toFixed(1)} s`);
  // PostgreSQL's autovacuum would analyze a table this size soon after such a load; do it now
  // rather than time queries planned without statistics. SQLite is measured as the app leaves
  // it: nothing runs ANALYZE there.
  if (provider === "postgresql") await db.$executeRawUnsafe(`VACUUM ANALYZE "Delivery"`);
  const overview = await import("./overview-cases");
  console.log(`  built the overview's rollups in ${(await overview.prepareOverview(db, provider)).toFixed(1)} s`);

  const newest = await db.delivery.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  if (!newest) throw new Error("The seeded database holds no delivery");
  const maxId = newest.id;
  const deep = Math.max(1, maxId - Math.floor(rowCount * 0.9));
  const older = (id: number) => cursors.encodeDeliveryCursor({ direction: "older", id });
  const newer = (id: number) => cursors.encodeDeliveryCursor({ direction: "newer", id });
  const dayAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

  const cases: [name: string, kind: CaseResult["kind"], query: Record<string, string>][] = [
    ["first page", "list", {}],
    ["first page, limit 200", "list", { limit: "200" }],
    [`deep cursor (${(maxId - deep).toLocaleString("en")} rows in)`, "list", { cursor: older(deep) }],
    ["deep cursor, newer", "list", { cursor: newer(deep) }],
    ["event assign_task (24 %)", "list", { event: "assign_task" }],
    ["event delete_invoice (1 %)", "list", { event: "delete_invoice" }],
    ["event never sent", "list", { event: "no_such_event" }],
    ["verdict valid", "list", { verdict: "valid" }],
    ["verdict invalid (1.2 %)", "list", { verdict: "invalid" }],
    ["verdict invalid+missing", "list", { verdict: "invalid,missing" }],
    ["verdict invalid, deep cursor", "list", { verdict: "invalid", cursor: older(deep) }],
    ["type tasks (36 %)", "list", { type: "tasks" }],
    ["type sales (5 %)", "list", { type: "sales" }],
    ["type never sent", "list", { type: "no_such_type" }],
    ["range 1h", "list", { range: "1h" }],
    ["range 24h", "list", { range: "24h" }],
    ["range 7d", "list", { range: "7d" }],
    ["from/to, one day 30 days ago", "list", { from: dayAgo(31), to: dayAgo(30) }],
    ["event + verdict + 7d", "list", { event: "update_issue", verdict: "invalid,missing", range: "7d" }],
    ["search object id", "search", { q: "12345" }],
    ["search resource URL part", "search", { q: "/quotes/" }],
    ["search, no match", "search", { q: "no-such-text" }],
    ["search, no match, deep cursor", "search", { q: "no-such-text", cursor: older(deep) }],
    ["search + verdict invalid", "search", { q: "invoices", verdict: "invalid" }],
    ["search, 2 characters (no trigram)", "search", { q: "zq" }],
    ...searchBoxCases({ deepCursor: older(deep) }),
  ];

  const results: CaseResult[] = [];
  const time = async (name: string, kind: CaseResult["kind"], work: () => Promise<number>) => {
    if (!kinds.includes(kind)) return;
    let rows = 0;
    for (let run = 0; run < WARMUP_RUNS; run++) rows = await work();
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await work();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const result: CaseResult = {
      name,
      kind,
      rows,
      p50: round(percentile(samples, 0.5)),
      p95: round(percentile(samples, 0.95)),
      max: round(percentile(samples, 1)),
    };
    results.push(result);
    console.log(
      `  ${name.padEnd(40)} ${String(result.p50).padStart(8)} ${String(result.p95).padStart(8)}   rows ${rows}`,
    );
  };

  // Other work on these cores slows every figure; the load says how much there was.
  const loadBefore = os.loadavg()[0];
  console.log(`  1-minute load average before timing: ${loadBefore.toFixed(1)} on ${os.cpus().length} CPUs`);
  console.log(`  ${"case".padEnd(40)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
  for (const [name, kind, query] of cases) {
    const filters = deliveryFiltersSchema.parse(query);
    await time(name, kind, async () => (await lists.listDeliveries(filters)).items.length);
  }
  await time("recent failures count (banner)", "list", async () => (await lists.countRecentFailures()).count);
  for (const [name, work] of await overview.overviewCases(now)) await time(name, "overview", work);

  const target = { list: TARGET_P95_MS, search: TARGET_SEARCH_P95_MS, overview: overview.OVERVIEW_TARGET_P95_MS };
  const failed = results.filter((r) => r.p95 > target[r.kind]);
  console.log(
    `  targets: p95 < ${TARGET_P95_MS} ms (lists), < ${TARGET_SEARCH_P95_MS} ms (text search), < ${target.overview} ms (overview): ` +
      (failed.length === 0 ? "all met" : `missed by ${failed.map((r) => r.name).join(", ")}`),
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS_DIR, `query-${provider}-${rowCount}.json`),
    `${JSON.stringify({ provider, rows: rowCount, runs, seedSeconds: round(seedSeconds), cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg()[0], results }, null, 2)}\n`,
  );
  await db.$disconnect();
  if (failed.length > 0) process.exitCode = 1;
}

/** In the parent: one fresh database per provider, measured by a child bound to it. */
async function orchestrate(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const providers: DatabaseProvider[] = serverUrl ? ["sqlite", "postgresql"] : ["sqlite"];
  const postgresUrl = serverUrl ?? "";
  if (!serverUrl)
    console.log("PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to a server to measure it too");
  let failures = 0;
  for (const provider of providers) {
    const database: FreshDatabase =
      provider === "sqlite"
        ? await freshSqliteDatabase()
        : await freshPostgresDatabase(postgresUrl, `awm_list_bench_${process.pid}`);
    console.log(`\n${provider}: ${database.label}, ${rowCount.toLocaleString("en")} rows, ${runs} runs per case`);
    try {
      const child = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          import.meta.filename,
          "--child",
          ...["--rows", String(rowCount), "--runs", String(runs), "--kinds", args.kinds],
        ],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: database.databaseUrl },
          stdio: "inherit",
        },
      );
      if (child.status !== 0) failures++;
    } finally {
      await database.drop();
    }
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

await (args.child ? measure() : orchestrate());
