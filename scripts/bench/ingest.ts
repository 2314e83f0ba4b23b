// npm run bench:ingest -- [--no-build] [--duration 10] [--rounds 5] [--warmup 3] [--concurrency 50]
//                         [--paced-rate 200] [--port 0] [--fetch] [--forward]
//
// Durable deliveries per second through the production build: the same run measures GET
// /api/health (answers without the database: the ceiling of Next on this machine) and signed
// POSTs to the receiver, each with N concurrent keep-alive senders. The two take turns in short
// rounds, so that other work on a shared machine weighs on both alike and their ratio holds.
// Closed-loop senders keep the server saturated, where every answer time is the queue (50 in
// flight / throughput: ~60 ms for the health route itself on two cores); so each round also sends
// to both at a fixed --paced-rate, below saturation, where answer times say how fast one request
// is served, and the p99 target is judged there. Then it kills the server with
// SIGKILL and counts what the database holds: every delivery answered 2xx must be there. SQLite
// always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server.
// Figures go to stdout and bench-results/ingest-<provider>.json.
// --fetch: the deliveries point at an Accelo stand-in, started in a process of its own, and the
// server fetches each one's resource in the background while the receiver is measured
// (bench-results/ingest-<provider>-fetching.json).
// --forward: each provider is measured twice in the run, on fresh databases: without a forwarding
// destination, then with one (a local sink in this process, added through the API) that takes
// every delivery, and the two receiver/health ratios are compared (bench-results/ingest-<provider>
// -forwarding.json).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../../lib/db/client";
import type { DatabaseProvider } from "../../lib/db/database-url";
import { DEFAULT_API_BASE } from "../lib/accelo-delivery";
import { addDestination } from "../lib/add-destination";
import { buildApp, freePort, startApp } from "../lib/app-server";
import { combineLoadResults, type LoadResult, runClosedLoop, runPacedLoad } from "../lib/closed-loop-load";
import { checkLedger, createDeliveryLedger } from "../lib/delivery-ledger";
import { createHttpSender, type HttpAnswer, type HttpRequest } from "../lib/http-sender";
import { type StandInProcess, spawnStandIn } from "../stand-in/spawn-stand-in";
import { STAND_IN_CLIENT_ID, STAND_IN_CLIENT_SECRET } from "../stand-in/start-stand-in";
import { type FreshDatabase, freshPostgresDatabase, freshSqliteDatabase } from "./fresh-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RESULTS_DIR = path.join(ROOT, "bench-results");
/** The bar: the receiver keeps up with 0.8 of the bare route, and answers fast. */
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 50;

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    console.error(`bench:ingest: --${name} must be a whole number from ${min} to ${max}, not "${value}"`);
    process.exit(2);
  }
  return parsed;
}

const OPTIONS = {
  "no-build": { type: "boolean", default: false },
  duration: { type: "string", default: "10" },
  rounds: { type: "string", default: "5" },
  warmup: { type: "string", default: "3" },
  concurrency: { type: "string", default: "50" },
  "paced-rate": { type: "string", default: "200" },
  port: { type: "string", default: "0" },
  "max-requests": { type: "string", default: "300000" },
  fetch: { type: "boolean", default: false },
  forward: { type: "boolean", default: false },
} as const;

function parseCommandLine() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    console.error(`bench:ingest: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

const args = parseCommandLine();
const settings = {
  durationS: wholeNumber("duration", args.duration, 1, 120),
  rounds: wholeNumber("rounds", args.rounds, 1, 20),
  warmupS: wholeNumber("warmup", args.warmup, 0, 60),
  concurrency: wholeNumber("concurrency", args.concurrency, 1, 500),
  pacedRate: wholeNumber("paced-rate", args["paced-rate"], 1, 10_000),
  port: wholeNumber("port", args.port, 0, 65535),
  maxRequestsPerPhase: wholeNumber("max-requests", args["max-requests"], 1, 1_000_000),
};
const distDir = process.env.NEXT_DIST_DIR || ".next-bench";

interface Durability {
  acknowledged: number;
  stored: number;
  /** Acknowledged 2xx, yet absent from the database after the kill: must be 0. */
  lost: number;
  /** Deliveries stored in more than one row: each was sent once, so must be 0. */
  storedTwice: number;
  /** In the database but answered otherwise (e.g. a 503 after a slow commit): Accelo resends these. */
  storedNotAcknowledged: number;
  durable: boolean;
  /** The journal the server's writes went through, read from the file afterwards. */
  sqliteJournalMode?: string;
}

interface ProviderResult {
  provider: DatabaseProvider;
  database: string;
  health: LoadResult;
  receiver: LoadResult;
  ratio: number;
  /** Both routes at --paced-rate requests a second. */
  paced: { health: LoadResult; receiver: LoadResult };
  durability: Durability;
  /** The machine's 1-minute load average before the run: other work on these cores lowers every figure. */
  loadAverageBefore: number;
  /** With --fetch: what the background fetching did while the receiver was measured. */
  fetching?: { standInRequests: number; snapshots: number };
  /** With --forward, the run with a destination: what forwarding did meanwhile. */
  forwarding?: { sinkRequests: number; jobs: Record<string, number> };
}

/** A destination that takes everything: it answers 200 at once and counts. */
async function startSink(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received++;
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function phaseLine(name: string, result: LoadResult): string {
  const failed = result.failures ? `, ${result.failures} without answer (${result.firstFailure})` : "";
  return (
    `${name.padEnd(28)} ${String(result.requests).padStart(7)} req  ` +
    `${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
    `p50 ${result.latencyMs.p50.toFixed(1).padStart(5)} ms  p99 ${result.latencyMs.p99.toFixed(1).padStart(6)} ms  ` +
    `non-2xx ${result.non2xx}${failed}`
  );
}

async function measure(database: FreshDatabase, forward = false): Promise<ProviderResult> {
  const provider = database.target.provider;
  console.log(
    `\n== ${provider}: ${database.label}${args.forward ? (forward ? ", forwarding to a sink" : ", no destination") : ""} ==`,
  );
  const loadAverageBefore = os.loadavg()[0];
  if (loadAverageBefore > 1) {
    console.log(
      `note: load average ${loadAverageBefore.toFixed(1)} on ${os.availableParallelism()} cores before the run; other work skews the figures`,
    );
  }
  const secret = randomBytes(24).toString("hex");
  const standIn: StandInProcess | undefined = args.fetch ? await spawnStandIn() : undefined;
  // Every delivery's resource is fetched: the whole of Accelo's hourly limit, none held back.
  const fetchEnv: Record<string, string> = standIn
    ? {
        ACCELO_API_BASE_URL: standIn.origin,
        ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
        ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
        ACCELO_HOURLY_BUDGET: "5000",
      }
    : {};
  const apiBase = standIn?.origin ?? DEFAULT_API_BASE;
  const password = randomBytes(16).toString("hex");
  const sink = forward ? await startSink() : undefined;
  const app = await startApp({
    distDir,
    port: await freePort(settings.port),
    env: {
      DATABASE_URL: database.databaseUrl,
      ACCELO_WEBHOOK_SECRET: secret,
      DASHBOARD_PASSWORD: password,
      FORWARD_ALLOW_PRIVATE_NETWORKS: "true",
      ...fetchEnv,
    },
    logFile: path.join(database.workDir, "server.log"),
  });
  console.log(`server on ${app.origin} (log: ${app.logFile})`);
  if (sink) await addDestination(app.origin, password, sink.url);

  // One ledger across warm-up and measurement: distinct object ids, so no delivery is a duplicate
  // of another, and the ids each was acknowledged with, checked against the database after the kill.
  const ledger = createDeliveryLedger({ secret, apiBase });
  let sentDeliveries = 0;

  // Fresh connections for each phase: a socket the server closed while idle between phases
  // would otherwise count as a failed request.
  async function phase(
    routePath: string,
    durationMs: number,
    paced: boolean,
    request: (index: number) => HttpRequest,
    onAnswer?: (answer: HttpAnswer, index: number) => void,
  ): Promise<LoadResult> {
    const sender = createHttpSender(`${app.origin}${routePath}`, { connections: settings.concurrency });
    const plan = {
      sender,
      concurrency: settings.concurrency,
      durationMs,
      maxRequests: settings.maxRequestsPerPhase,
      request,
      onAnswer,
    };
    try {
      return await (paced ? runPacedLoad({ ...plan, ratePerSecond: settings.pacedRate }) : runClosedLoop(plan));
    } finally {
      sender.close();
    }
  }

  const health = (durationMs: number, paced = false) =>
    phase("/api/health", durationMs, paced, () => ({ method: "GET" }));
  const receiver = async (durationMs: number, paced = false) => {
    const offset = sentDeliveries;
    const result = await phase(
      "/api/webhooks/accelo",
      durationMs,
      paced,
      (index) => ledger.request(offset + index),
      (answer, index) => ledger.onAnswer(answer, offset + index),
    );
    sentDeliveries += result.requests;
    return result;
  };

  let healthResult: LoadResult;
  let receiverResult: LoadResult;
  let paced: ProviderResult["paced"];
  try {
    if (settings.warmupS > 0) {
      console.log(`warming up ${settings.warmupS} s each at ${settings.concurrency} senders…`);
      await health(settings.warmupS * 1000);
      await receiver(settings.warmupS * 1000);
    }
    console.log(
      `measuring ${settings.durationS} s each at ${settings.concurrency} concurrent senders, in ${settings.rounds} alternating rounds`,
    );
    const roundMs = (settings.durationS * 1000) / settings.rounds;
    const healthRounds: LoadResult[] = [];
    const receiverRounds: LoadResult[] = [];
    const pacedHealthRounds: LoadResult[] = [];
    const pacedReceiverRounds: LoadResult[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      healthRounds.push(await health(roundMs));
      receiverRounds.push(await receiver(roundMs));
      pacedHealthRounds.push(await health(roundMs, true));
      pacedReceiverRounds.push(await receiver(roundMs, true));
    }
    healthResult = combineLoadResults(healthRounds);
    receiverResult = combineLoadResults(receiverRounds);
    paced = { health: combineLoadResults(pacedHealthRounds), receiver: combineLoadResults(pacedReceiverRounds) };
    console.log(`closed loop, ${settings.concurrency} senders always waiting:`);
    console.log(phaseLine("GET  /api/health", healthResult));
    console.log(phaseLine("POST /api/webhooks/accelo", receiverResult));
    console.log(`paced at ${settings.pacedRate} req/s, at most ${settings.concurrency} in flight:`);
    console.log(phaseLine("GET  /api/health", paced.health));
    console.log(phaseLine("POST /api/webhooks/accelo", paced.receiver));
  } finally {
    // SIGKILL, not a clean shutdown: an acknowledged delivery must already be on disk.
    await app.stop("SIGKILL");
  }
  const standInRequests = (await standIn?.requests())?.length ?? 0;
  await standIn?.close();
  const sinkRequests = sink?.count() ?? 0;
  await sink?.close();

  const db = createDb(database.target);
  let durability: Durability;
  let fetching: ProviderResult["fetching"];
  let forwarding: ProviderResult["forwarding"];
  try {
    const { acknowledged, stored, lost, storedTwice, storedNotAcknowledged } = await checkLedger(db, ledger);
    durability = {
      acknowledged,
      stored,
      lost,
      storedTwice,
      storedNotAcknowledged,
      durable: lost === 0 && storedTwice === 0,
    };
    if (standIn) fetching = { standInRequests, snapshots: await db.snapshot.count() };
    if (sink) {
      const jobs = await db.forwardJob.groupBy({ by: ["status"], _count: { _all: true } });
      forwarding = { sinkRequests, jobs: Object.fromEntries(jobs.map((job) => [job.status, job._count._all])) };
    }
    if (provider === "sqlite") {
      // WAL persists in the file, so this tells whether the server's connection really set it.
      const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      durability.sqliteJournalMode = mode?.journal_mode;
    }
  } finally {
    await db.$disconnect();
  }

  const ratio = receiverResult.requestsPerSecond / healthResult.requestsPerSecond;
  const verdict = (met: boolean) => (met ? "met" : "NOT met");
  console.log(
    `receiver/health throughput ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO)}); ` +
      `receiver p99 at ${settings.pacedRate} req/s ${paced.receiver.latencyMs.p99.toFixed(1)} ms (target < ${TARGET_P99_MS} ms: ${verdict(paced.receiver.latencyMs.p99 < TARGET_P99_MS)})`,
  );
  console.log(
    `durability after SIGKILL: acknowledged 2xx ${durability.acknowledged}, stored ${durability.stored}, ` +
      `lost ${durability.lost}, stored twice ${durability.storedTwice}, stored but not acknowledged ${durability.storedNotAcknowledged}` +
      (durability.sqliteJournalMode ? `; SQLite journal mode ${durability.sqliteJournalMode}` : ""),
  );
  if (fetching) {
    console.log(
      `background fetching: ${fetching.standInRequests} stand-in requests, ${fetching.snapshots} snapshots stored`,
    );
  }
  if (forwarding) {
    console.log(
      `forwarding meanwhile: the sink got ${forwarding.sinkRequests} deliveries; jobs by state ${JSON.stringify(forwarding.jobs)}`,
    );
  }
  return {
    provider,
    database: database.label,
    health: healthResult,
    receiver: receiverResult,
    ratio,
    paced,
    durability,
    loadAverageBefore,
    fetching,
    forwarding,
  };
}

function writeResult(result: ProviderResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const suffix = `${args.fetch ? "-fetching" : ""}${result.forwarding ? "-forwarding" : ""}`;
  const file = path.join(RESULTS_DIR, `ingest-${result.provider}${suffix}.json`);
  const record = {
    benchmark: "ingest",
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), node: process.version },
    settings: { ...settings, distDir, format: "form", signature: "sha1 bare", snapshotFetching: args.fetch },
    targets: { ratio: TARGET_RATIO, receiverP99Ms: TARGET_P99_MS },
    ...result,
  };
  const withoutSamples = (key: string, value: unknown) => (key === "samplesMs" ? undefined : value);
  fs.writeFileSync(file, `${JSON.stringify(record, withoutSamples, 2)}\n`);
  console.log(`results → ${path.relative(ROOT, file)}`);
}

async function runOnce(open: () => Promise<FreshDatabase>, forward: boolean): Promise<ProviderResult> {
  const database = await open();
  try {
    const result = await measure(database, forward);
    writeResult(result);
    return result;
  } finally {
    await database.drop();
  }
}

async function runOn(open: () => Promise<FreshDatabase>): Promise<ProviderResult[]> {
  const first = await runOnce(open, false);
  if (!args.forward) return [first];
  const forwarding = await runOnce(open, true);
  console.log(
    `\n${first.provider}: receiver/health ${forwarding.ratio.toFixed(2)} with forwarding, ${first.ratio.toFixed(2)} without: ` +
      `${((forwarding.ratio / first.ratio) * 100).toFixed(0)} % of it`,
  );
  return [first, forwarding];
}

if (args["no-build"]) {
  console.log(`--no-build: using the build in ${distDir}`);
} else {
  console.log(`building the production app into ${distDir}…`);
  await buildApp(distDir);
}

const results = await runOn(freshSqliteDatabase);
const postgresServer = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (postgresServer) {
  let run = 0;
  results.push(...(await runOn(() => freshPostgresDatabase(postgresServer, `awm_bench_${process.pid}_${run++}`))));
} else {
  console.log("\nPostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to a server to measure it too.");
}

// A lost delivery is a broken promise, not a slow figure: it fails the run.
process.exit(results.every((result) => result.durability.durable) ? 0 : 1);
