// npm run fuzz -- --runs N [--seed S] [--path P]
//
// Runs the receiver's property (tests/property/receiver-property.ts, the one `npm test` runs with
// a fixed seed) for as many runs as asked, against a fresh SQLite database, or a fresh PostgreSQL
// database when TEST_DATABASE_URL names a server. On a failure it prints the seed, fast-check's
// path to the shrunk counterexample, the counterexample and the command that replays it, and
// exits 1. `--seed` alone repeats a whole run: `--seed 20261127 --runs 40` is what `npm test` runs.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type FreshDatabase, freshPostgresDatabase, freshSqliteDatabase } from "./bench/fresh-database";

const USAGE = "usage: npm run fuzz -- --runs N [--seed S] [--path P]";

function fail(message: string): never {
  console.error(`fuzz: ${message}\n${USAGE}`);
  process.exit(2);
}

let args: { runs?: string; seed?: string; path?: string; help?: boolean };
try {
  ({ values: args } = parseArgs({
    options: {
      runs: { type: "string", default: "200" },
      seed: { type: "string" },
      path: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function integer(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    fail(`--${name} must be a whole number from ${min} to ${max}`);
  return parsed;
}

const runs = integer("runs", args.runs ?? "200", 1, 1_000_000);
// fast-check takes any 32-bit integer as a seed.
const seed =
  args.seed === undefined
    ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0
    : integer("seed", args.seed, -0x80000000, 0x7fffffff);
if (args.path !== undefined && !/^\d+(:\d+)*$/.test(args.path)) fail("--path is fast-check's path, like 2:0:1");

const serverUrl = process.env.TEST_DATABASE_URL;
const database: FreshDatabase = serverUrl
  ? await freshPostgresDatabase(serverUrl, `awm_fuzz_${process.pid}`)
  : await freshSqliteDatabase();
const provider = database.target.provider;
// lib/db/client binds to DATABASE_URL when first imported: everything that reaches it comes after this.
process.env.DATABASE_URL = database.databaseUrl;
// A long run is often stopped by hand: its database goes with it.
process.once("SIGINT", () => {
  void database.drop().finally(() => process.exit(130));
});

function replayCommand(path?: string): string {
  const env = serverUrl ? "TEST_DATABASE_URL=<the same server> " : "";
  return `${env}npm run fuzz -- --runs ${runs} --seed ${seed}${path ? ` --path ${path}` : ""}`;
}

// Every 5xx is logged by the route with its stack; while fast-check shrinks that is hundreds of
// the same lines. They are kept, and the distinct ones are printed once at the end.
const appErrors = new Map<string, number>();
const consoleError = console.error;
console.error = (...parts: unknown[]) => {
  const text = parts.map((part) => (part instanceof Error ? (part.stack ?? part.message) : String(part))).join(" ");
  // The first lines name the error (Prisma's name its query first); sizes and positions vary.
  const key = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, 4)
    .join("\n")
    .replace(/\d+/g, "N");
  appErrors.set(key, (appErrors.get(key) ?? 0) + 1);
};

let exitCode = 0;
try {
  const [{ default: fc }, { receiverProperty }, { db }] = await Promise.all([
    import("fast-check"),
    import("../tests/property/receiver-property"),
    import("../lib/db/client"),
  ]);
  await db.delivery.count();
  console.log(
    `fuzz: ${args.path ? "replaying" : `${runs} runs`} of the receiver property, seed ${seed}, on ${provider} (${database.label})`,
  );

  // Progress at most every 10 s: a long run shows it is alive, a short one stays quiet.
  let executions = 0;
  const started = performance.now();
  let lastReport = started;
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const property = receiverProperty().afterEach(async (previous) => {
    await previous();
    executions++;
    if (performance.now() - lastReport < 10_000) return;
    lastReport = performance.now();
    console.log(`  ${executions} batches sent, ${seconds()} s`);
  });
  const details = await fc.check(property, { seed, numRuns: runs, ...(args.path && { path: args.path }) });
  await db.$disconnect();

  if (details.failed) {
    exitCode = 1;
    console.log(`\nFAILED after ${details.numRuns} runs and ${details.numShrinks} shrinks (${seconds()} s)`);
    console.log(`seed ${details.seed}, path ${details.counterexamplePath}`);
    console.log(`replay: ${replayCommand(details.counterexamplePath ?? undefined)}\n`);
    console.log(fc.defaultReportMessage(details));
    const cause = details.errorInstance;
    console.log(`\nWhat broke:\n${cause instanceof Error ? cause.message : String(cause)}`);
  } else {
    console.log(`passed: ${details.numRuns} runs, ${executions} batches, ${seconds()} s (seed ${details.seed})`);
  }
} catch (error) {
  exitCode = 1;
  console.log(`fuzz: could not run the property: ${(error as Error).stack ?? String(error)}`);
} finally {
  console.error = consoleError;
  await database.drop();
}

if (appErrors.size > 0) {
  console.log(`\nWhat the app logged (${[...appErrors.values()].reduce((a, b) => a + b, 0)} lines, distinct ones):`);
  for (const [text, count] of appErrors) console.log(`  ${count}× ${text.replaceAll("\n", "\n     ")}`);
}
process.exit(exitCode);
