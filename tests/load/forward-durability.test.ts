import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { addDestination } from "@/scripts/lib/add-destination";
import {
  figuresOf,
  freshDatabase,
  POSTGRES_SERVER,
  POSTGRES_SKIPPED,
  printFigures,
  sendDeliveries,
  startReceiver,
  withDb,
} from "./load-harness";

// Issue 14: forwarding survives a SIGKILL of the app. 1,000 deliveries are forwarded to a sink
// that answers 503, so every job is owed and waiting for its retry when the server is killed;
// the sink then recovers, the server starts again on the same database, and every acknowledged
// delivery must reach the sink answered 2xx, the duplicates counted.
const FORWARDS = 1000;

function startSink() {
  let down = true;
  const delivered = new Map<string, number>();
  let refused = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (down) {
        refused++;
        response.writeHead(503).end("down");
        return;
      }
      const id = String(request.headers["x-accelo-monitor-delivery"]);
      delivered.set(id, (delivered.get(id) ?? 0) + 1);
      response.writeHead(200).end("ok");
    });
  });
  return new Promise<{
    url: string;
    recover: () => void;
    delivered: Map<string, number>;
    refused: () => number;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        recover: () => {
          down = false;
        },
        delivered,
        refused: () => refused,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

for (const provider of ["sqlite", "postgresql"] as DatabaseProvider[]) {
  describe.skipIf(provider === "postgresql" && !POSTGRES_SERVER)(`${provider}: forwarding through a SIGKILL`, () => {
    it(`delivers every one of ${FORWARDS} owed forwards after the restart`, async () => {
      if (provider === "postgresql" && !POSTGRES_SERVER) throw new Error(POSTGRES_SKIPPED);
      const sink = await startSink();
      const database = await freshDatabase(provider);
      const password = "load-test-dashboard-password";
      const receiver = await startReceiver(database, {
        env: { DASHBOARD_PASSWORD: password, FORWARD_ALLOW_PRIVATE_NETWORKS: "true" },
      });
      try {
        await addDestination(receiver.app.origin, password, sink.url);
        const run = await sendDeliveries({
          app: receiver.app,
          secret: receiver.secret,
          count: FORWARDS,
          concurrency: 20,
          durationMs: 60_000,
        });
        const figures = await figuresOf(`forwarding sigkill ${provider}: deliveries`, database, run);
        expect(figures.lost).toBe(0);

        // Every job tried once and refused, none running: the kill finds them all owed.
        const allTried = await until(
          () =>
            withDb(database, async (db) => {
              const [tried, running] = await Promise.all([
                db.forwardJob.count({ where: { attempts: { gte: 1 }, status: "pending" } }),
                db.forwardJob.count({ where: { status: "running" } }),
              ]);
              return tried === figures.acknowledged && running === 0;
            }),
          60_000,
        );
        expect(allTried).toBe(true);
        await receiver.app.stop("SIGKILL");
        const owedAtKill = await withDb(database, (db) => db.forwardJob.count({ where: { status: "pending" } }));
        // The retries fall due now rather than after their 10 s backoff: what is tested is that
        // the restarted server finds and sends what the killed one owed, not how long it waits.
        await withDb(database, (db) =>
          db.forwardJob.updateMany({ where: { status: "pending" }, data: { runAfter: new Date() } }),
        );

        sink.recover();
        const restartedAt = performance.now();
        await receiver.restart();
        const drained = await until(async () => sink.delivered.size >= figures.acknowledged, 90_000);
        const drainSeconds = (performance.now() - restartedAt) / 1000;
        const duplicates = [...sink.delivered.values()].filter((count) => count > 1).length;
        const jobs = await withDb(database, (db) => db.forwardJob.groupBy({ by: ["status"], _count: { _all: true } }));
        printFigures({
          ...figures,
          run: `forwarding sigkill ${provider}`,
          extra: {
            owedAtKill,
            refusedBeforeKill: sink.refused(),
            deliveredAfterRestart: sink.delivered.size,
            duplicates,
            drainSeconds: Number(drainSeconds.toFixed(1)),
            jobs: Object.fromEntries(jobs.map((job) => [job.status, job._count._all])),
          },
        });
        expect(drained).toBe(true);
        expect(owedAtKill).toBe(figures.acknowledged);
        expect(sink.delivered.size).toBe(figures.acknowledged);
      } finally {
        await receiver.app.stop("SIGKILL");
        await sink.close();
        await database.drop();
      }
    }, 240_000);
  });
}

describe.skipIf(!POSTGRES_SERVER)("postgresql: two instances forwarding from one database", () => {
  it(`forward each of ${FORWARDS} deliveries once between them`, async () => {
    const sink = await startSink();
    sink.recover();
    const database = await freshDatabase("postgresql");
    const password = "load-test-dashboard-password";
    const env = { DASHBOARD_PASSWORD: password, FORWARD_ALLOW_PRIVATE_NETWORKS: "true" };
    // One after the other: the second reads the sealing key the first wrote beside the database.
    const first = await startReceiver(database, { env });
    const second = await startReceiver(database, { env });
    try {
      await addDestination(first.app.origin, password, sink.url);
      const half = FORWARDS / 2;
      const runs = await Promise.all([
        sendDeliveries({ app: first.app, secret: first.secret, count: half, concurrency: 10, durationMs: 60_000 }),
        sendDeliveries({
          app: second.app,
          secret: second.secret,
          count: half,
          concurrency: 10,
          durationMs: 60_000,
          firstObjectId: half + 1,
        }),
      ]);
      const acknowledged = runs.reduce((sum, run) => sum + run.load.statuses["200"], 0);
      const drained = await until(async () => sink.delivered.size >= acknowledged, 60_000);
      await sleep(2_000);
      const duplicates = [...sink.delivered.values()].filter((count) => count > 1).length;
      const attemptsBy = await withDb(database, async (db) => {
        const jobs = await db.forwardJob.count();
        const attempts = await db.forwardAttempt.count();
        return { jobs, attempts };
      });
      printFigures({
        ...(await figuresOf("forwarding two instances postgresql: first", database, runs[0])),
        run: "forwarding two instances postgresql",
        extra: { acknowledged, delivered: sink.delivered.size, duplicates, ...attemptsBy },
      });
      expect(drained).toBe(true);
      expect(sink.delivered.size).toBe(acknowledged);
      expect(duplicates).toBe(0);
      expect(attemptsBy.jobs).toBe(acknowledged);
    } finally {
      await Promise.all([first.app.stop("SIGKILL"), second.app.stop("SIGKILL")]);
      await sink.close();
      await database.drop();
    }
  }, 240_000);
});
