// npm test: every test the project has, in one command. Biome and the type check first (fail fast), then the
// Vitest suite on SQLite and, where TEST_DATABASE_URL names a PostgreSQL server, its database
// tests again on PostgreSQL, then the production build and the Playwright tests against it in Chromium, then the
// load and fault runs against that same build.
// Ends with one line `N passed, N failed[, N skipped]` and a non-zero exit on any failure.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface StepResult {
  name: string;
  outcome: string;
  seconds: number;
}

const RESULTS_DIR = "test-results";
// playwright.config.ts starts the server from this build folder.
const E2E_DIST_DIR = ".next-e2e";
const POSTGRES_SKIPPED =
  "SKIPPED — TEST_DATABASE_URL is not set; set it to a PostgreSQL server URL " +
  "(e.g. postgresql://postgres@127.0.0.1:5432/postgres) to run the suite there too";

const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const steps: StepResult[] = [];

function heading(title: string): void {
  console.log(`\n━━ ${title} ━━`);
}

/** Runs a command with the console attached; resolves to its exit code. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...env },
    });
    child.on("error", (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function formatCounts({ passed, failed, skipped }: Counts): string {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

function record(name: string, counts: Counts, seconds: number): void {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  steps.push({ name, outcome: formatCounts(counts), seconds });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * A runner that exits non-zero must never add up to "0 failed": a crash, a failed global setup or
 * an unhandled error counts as one failure when no test failure explains the exit code.
 */
function withExitCode(counts: Counts | undefined, exitCode: number, what: string): Counts {
  const result = counts ?? { passed: 0, failed: 0, skipped: 0 };
  if (exitCode !== 0 && result.failed === 0) {
    console.error(`${what} exited with code ${exitCode} without reporting a failed test; counted as one failure`);
    result.failed = 1;
  }
  return result;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

function vitestCounts(report: VitestReport): Counts {
  // A file that fails outside any test (an import error, a failing hook) fails no test itself.
  const filesFailedOutsideTests = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + filesFailedOutsideTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/**
 * What the PostgreSQL pass runs: the test files whose imports reach lib/db/ (Vitest's `related`
 * follows them). The others never open a database, and a second run of them on another proves
 * nothing.
 */
function databaseModules(): string[] {
  return fs
    .readdirSync("lib/db")
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => path.join("lib/db", file));
}

async function vitest(provider: "sqlite" | "postgresql", label: string): Promise<void> {
  heading(`Vitest on ${label}`);
  const reportFile = path.join(RESULTS_DIR, `vitest-${provider}.json`);
  fs.rmSync(reportFile, { force: true });
  const selection = provider === "postgresql" ? ["related", ...databaseModules(), "--run"] : ["run"];
  const { value: exitCode, seconds } = await timed(() =>
    run("npx", ["vitest", ...selection, "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`], {
      TEST_PROVIDER: provider,
    }),
  );
  const report = readJson(reportFile) as VitestReport | undefined;
  record(`vitest (${label})`, withExitCode(report && vitestCounts(report), exitCode, "vitest"), seconds);
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors: unknown[];
}

function playwrightCounts(report: PlaywrightReport): Counts {
  // Top-level errors (the server did not start, a spec failed to load) fail no test themselves.
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected + report.errors.length,
    skipped: report.stats.skipped,
  };
}

async function browserTests(): Promise<void> {
  heading(`Production build (${E2E_DIST_DIR})`);
  fs.rmSync(E2E_DIST_DIR, { recursive: true, force: true });
  const build = await timed(() =>
    run("npm", ["run", "build"], {
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      // The type check above already covered every file the build compiles.
      BUILD_SKIP_TYPECHECK: "1",
    }),
  );
  if (build.value !== 0) {
    record("next build", { passed: 0, failed: 1, skipped: 0 }, build.seconds);
    steps.push({ name: "playwright (Chromium)", outcome: "NOT RUN — the build failed", seconds: 0 });
    return;
  }
  steps.push({ name: "next build", outcome: "ok", seconds: build.seconds });

  heading("Playwright in Chromium");
  const reportFile = path.join(RESULTS_DIR, "playwright.json");
  fs.rmSync(reportFile, { force: true });
  const { value: exitCode, seconds } = await timed(() =>
    run("npm", ["run", "test:e2e"], { NEXT_DIST_DIR: E2E_DIST_DIR }),
  );
  const report = readJson(reportFile) as PlaywrightReport | undefined;
  record("playwright (Chromium)", withExitCode(report && playwrightCounts(report), exitCode, "playwright"), seconds);
}

/** tests/load/: 20,000-delivery runs, SIGKILL, database and Accelo faults, against the same build. */
async function loadTests(): Promise<void> {
  heading("Load and faults (production build)");
  if (!fs.existsSync(path.join(E2E_DIST_DIR, "BUILD_ID"))) {
    steps.push({ name: "load and faults", outcome: "NOT RUN — the build failed", seconds: 0 });
    return;
  }
  const reportFile = path.join(RESULTS_DIR, "vitest-load.json");
  fs.rmSync(reportFile, { force: true });
  const { value: exitCode, seconds } = await timed(() =>
    run(
      "npx",
      [
        "vitest",
        "run",
        "--config",
        "vitest.load.config.ts",
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${reportFile}`,
      ],
      { NEXT_DIST_DIR: E2E_DIST_DIR },
    ),
  );
  const report = readJson(reportFile) as VitestReport | undefined;
  record("load and faults", withExitCode(report && vitestCounts(report), exitCode, "vitest (load)"), seconds);
}

function printSummary(): void {
  heading("Summary");
  const width = Math.max(...steps.map((step) => step.name.length));
  for (const step of steps) {
    const time = step.seconds ? ` (${step.seconds.toFixed(1)} s)` : "";
    console.log(`${step.name.padEnd(width)}  ${step.outcome}${time}`);
  }
  console.log(formatCounts(totals));
}

/** A check that must pass before any test runs: a failure stops the run there, as one failure. */
async function gate(name: string, command: string, args: string[]): Promise<void> {
  heading(name);
  const { value: exitCode, seconds } = await timed(() => run(command, args));
  if (exitCode !== 0) {
    record(name.toLowerCase(), { passed: 0, failed: 1, skipped: 0 }, seconds);
    printSummary();
    process.exit(1);
  }
  steps.push({ name: name.toLowerCase(), outcome: "ok", seconds });
}

fs.mkdirSync(RESULTS_DIR, { recursive: true });

await gate("Lint and format (Biome)", "npm", ["run", "lint"]);
await gate("Type check", "npm", ["run", "typecheck"]);

// The two passes run side by side: most of their files wait on a database or a local server
// rather than compute, so together they take little longer than the slower one alone.
if (process.env.TEST_DATABASE_URL) {
  await Promise.all([vitest("sqlite", "SQLite"), vitest("postgresql", "PostgreSQL")]);
} else {
  await vitest("sqlite", "SQLite");
  heading("Vitest on PostgreSQL");
  console.log(`PostgreSQL: ${POSTGRES_SKIPPED}`);
  steps.push({ name: "vitest (PostgreSQL)", outcome: POSTGRES_SKIPPED, seconds: 0 });
}
await browserTests();
await loadTests();

printSummary();
process.exit(totals.failed > 0 ? 1 : 0);
