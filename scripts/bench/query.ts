// npm run bench:query -- [--rows 1000000] [--runs 50] [--kinds list,search,overview] [--provider sqlite|postgresql]
//
// How fast the delivery list answers over a large history: seeds --rows deliveries into a fresh
// SQLite file, and into a fresh PostgreSQL database when BENCH_DATABASE_URL or TEST_DATABASE_URL
// names a server, then times listDeliveries (the function GET /api/deliveries calls) for the
// first page, a deep cursor page, each filter and the text search: p50/p95 over --runs calls.
// Each database is measured in a child process, because the app's one client is bound to
// DATABASE_URL when it is first imported. Figures go to stdout and bench-results/query-<provider>-<rows>.json.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { searchBoxCases } from "./search-cases";
import {
  machineLoad,
  measureEachDatabase,
  providerArg,
  rowCountArg,
  seedHistory,
  wholeNumber,
  writeFigures,
} from "./seeded-bench";

/** The targets: p95 of every list query under 50 ms, text search under 300 ms. */
const TARGET_P95_MS = 50;
const TARGET_SEARCH_P95_MS = 300;
const WARMUP_RUNS = 3;

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    runs: { type: "string", default: "50" },
    /** Which cases to time: at 10M rows the overview's alone take minutes to reach. */
    kinds: { type: "string", default: "list,search,overview" },
    provider: { type: "string" },
    child: { type: "boolean", default: false },
  },
});

const rowCount = rowCountArg("bench:query", args.rows);
const onlyProvider = providerArg("bench:query", args.provider);
const runs = wholeNumber("bench:query", "runs", args.runs, 1, 10_000);
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
  const [{ db }, { resolveDatabaseTarget }, { deliveryFiltersSchema }, lists, cursors] = await Promise.all([
    import("../../lib/db/client"),
    import("../../lib/db/database-url"),
    import("../../lib/deliveries/filters"),
    import("../../lib/deliveries/list-deliveries"),
    import("../../lib/deliveries/cursor"),
  ]);
  const provider = resolveDatabaseTarget().provider;
  const now = new Date();
  const seedSeconds = await seedHistory(db, provider, rowCount, now);
  const overview = await import("./overview-cases");
  const rollupSeconds = await overview.prepareOverview(db, provider);
  console.log(
    rollupSeconds === null
      ? "  the overview's rollups were counted as the rows were seeded"
      : `  built the overview's rollups in ${rollupSeconds.toFixed(1)} s`,
  );

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

  const machine = machineLoad();
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
  writeFigures(`query-${provider}-${rowCount}.json`, {
    provider,
    rows: rowCount,
    runs,
    seedSeconds: round(seedSeconds),
    ...machine,
    results,
  });
  await db.$disconnect();
  if (failed.length > 0) process.exitCode = 1;
}

await (args.child
  ? measure()
  : measureEachDatabase({
      script: import.meta.filename,
      databaseName: "awm_list_bench",
      heading: (provider, database) =>
        `${provider}: ${database.label}, ${rowCount.toLocaleString("en")} rows, ${runs} runs per case`,
      only: onlyProvider,
      childArgs: ["--rows", String(rowCount), "--runs", String(runs), "--kinds", args.kinds],
    }));
