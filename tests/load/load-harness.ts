// What the load and fault tests share: the production build started on a fresh database, signed
// deliveries sent by N concurrent senders with a ledger of what was acknowledged, and the figures
// each run prints (and leaves in test-results/load/ for the closing note).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { type FreshDatabase, freshPostgresDatabase, freshSqliteDatabase } from "@/scripts/bench/fresh-database";
import { freePort, type RunningApp, startApp } from "@/scripts/lib/app-server";
import { type LoadResult, runClosedLoop } from "@/scripts/lib/closed-loop-load";
import {
  checkLedger,
  createDeliveryLedger,
  type DeliveryLedger,
  type LedgerCheck,
} from "@/scripts/lib/delivery-ledger";
import { createHttpSender, type HttpAnswer } from "@/scripts/lib/http-sender";
import { LOAD_DIST_DIR } from "./production-build";

/** Accelo gives up on a delivery after 10 s: a request still unanswered then counts as no answer. */
export const ACCELO_TIMEOUT_MS = 10_000;
/** Not Accelo: resource URLs point here when no stand-in runs, and nothing fetches them. */
const NOWHERE_API = "https://load-test.api.accelo.com";
const FIGURES_DIR = path.resolve(import.meta.dirname, "../../test-results/load");
const FIRST_PORT = 3650;

/** Issue 5 asks for 20,000 from 100 senders; LOAD_DELIVERIES and LOAD_SENDERS lower them for a quick look on a busy machine. */
export const DELIVERIES = Number(process.env.LOAD_DELIVERIES) || 20_000;
export const SENDERS = Number(process.env.LOAD_SENDERS) || 100;

export const POSTGRES_SERVER = process.env.TEST_DATABASE_URL;
export const POSTGRES_SKIPPED =
  "PostgreSQL load runs SKIPPED: TEST_DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres)";

let databases = 0;

/** A fresh migrated database: a SQLite file, or `awm_faults_*` on TEST_DATABASE_URL's server. */
export function freshDatabase(provider: DatabaseProvider): Promise<FreshDatabase> {
  if (provider === "sqlite") return freshSqliteDatabase();
  if (!POSTGRES_SERVER) throw new Error(POSTGRES_SKIPPED);
  return freshPostgresDatabase(POSTGRES_SERVER, `awm_faults_${process.pid}_${++databases}`);
}

export async function withDb<T>(database: FreshDatabase, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(database.target);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

export interface Receiver {
  app: RunningApp;
  secret: string;
  /** Starts the same server again on the same database and port (after a kill). */
  restart(): Promise<RunningApp>;
}

/** The app's server from the build, with a webhook secret, on `databaseUrl` (which may go through a proxy). */
export async function startReceiver(
  database: FreshDatabase,
  { databaseUrl = database.databaseUrl, env = {} }: { databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<Receiver> {
  const secret = randomBytes(24).toString("hex");
  const port = await freePort(FIRST_PORT);
  const start = () =>
    startApp({
      distDir: LOAD_DIST_DIR,
      port,
      env: { DATABASE_URL: databaseUrl, ACCELO_WEBHOOK_SECRET: secret, ...env },
      logFile: path.join(database.workDir, "server.log"),
    });
  const receiver: Receiver = {
    app: await start(),
    secret,
    async restart() {
      receiver.app = await start();
      return receiver.app;
    },
  };
  return receiver;
}

export interface DeliveryRun {
  load: LoadResult;
  ledger: DeliveryLedger;
}

/** Closed-loop signed deliveries until `count` were sent, `durationMs` passed or `stopWhen` holds. */
export async function sendDeliveries({
  app,
  secret,
  count,
  concurrency,
  durationMs,
  firstObjectId = 1,
  apiBase = NOWHERE_API,
  stopWhen,
  onAnswer,
}: {
  app: RunningApp;
  secret: string;
  count: number;
  concurrency: number;
  durationMs: number;
  firstObjectId?: number;
  apiBase?: string;
  stopWhen?: (ledger: DeliveryLedger) => boolean;
  /** Sees each answer after the ledger has recorded it. */
  onAnswer?: (answer: HttpAnswer, ledger: DeliveryLedger) => void;
}): Promise<DeliveryRun> {
  const ledger = createDeliveryLedger({ secret, apiBase, firstObjectId });
  const sender = createHttpSender(`${app.origin}/api/webhooks/accelo`, {
    connections: concurrency,
    timeoutMs: ACCELO_TIMEOUT_MS,
  });
  try {
    const load = await runClosedLoop({
      sender,
      concurrency,
      durationMs,
      maxRequests: count,
      request: ledger.request,
      onAnswer(answer, index) {
        ledger.onAnswer(answer, index);
        onAnswer?.(answer, ledger);
      },
      stopWhen: stopWhen && (() => stopWhen(ledger)),
    });
    return { load, ledger };
  } finally {
    sender.close();
  }
}

export interface RunFigures extends LedgerCheck {
  run: string;
  sent: number;
  statuses: Record<string, number>;
  /** Requests with no answer within Accelo's 10 s (refused, reset, timed out). */
  unanswered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  seconds: number;
  extra?: Record<string, unknown>;
}

export async function figuresOf(
  run: string,
  database: FreshDatabase,
  { load, ledger }: DeliveryRun,
  extra?: Record<string, unknown>,
): Promise<RunFigures> {
  const check = await withDb(database, (db) => checkLedger(db, ledger));
  return {
    run,
    sent: load.requests,
    ...check,
    statuses: load.statuses,
    unanswered: load.failures,
    p50Ms: load.latencyMs.p50,
    p99Ms: load.latencyMs.p99,
    maxMs: load.latencyMs.max,
    seconds: load.seconds,
    extra,
  };
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "-");

/** One line per run on the console, and the whole record in test-results/load/<run>.json. */
export function printFigures(figures: RunFigures): void {
  const statuses = Object.entries(figures.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  console.log(
    `[load] ${figures.run}: sent ${figures.sent}, acknowledged ${figures.acknowledged}, stored ${figures.stored}, ` +
      `lost ${figures.lost}, stored twice ${figures.storedTwice}, stored not acknowledged ${figures.storedNotAcknowledged}, ` +
      `unanswered ${figures.unanswered}; p50 ${ms(figures.p50Ms)}, p99 ${ms(figures.p99Ms)}, max ${ms(figures.maxMs)}; ` +
      `${(figures.sent / figures.seconds).toFixed(0)} req/s over ${figures.seconds.toFixed(1)} s; statuses ${statuses}` +
      (figures.extra ? `; ${JSON.stringify(figures.extra)}` : ""),
  );
  fs.mkdirSync(FIGURES_DIR, { recursive: true });
  const file = path.join(FIGURES_DIR, `${figures.run.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...figures, finishedAt: new Date().toISOString() }, null, 2)}\n`);
}
