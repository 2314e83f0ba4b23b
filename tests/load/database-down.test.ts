import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startTcpProxy } from "@/tests/setup/tcp-proxy";
import {
  type DeliveryRun,
  figuresOf,
  freshDatabase,
  POSTGRES_SERVER,
  POSTGRES_SKIPPED,
  printFigures,
  SENDERS,
  sendDeliveries,
  startReceiver,
} from "./load-harness";

// Issue 5: PostgreSQL gone during a run. The app reaches its database only through a TCP proxy
// this test controls (the machine's shared server is never touched); under 100 senders the proxy
// refuses every connection for a while, comes back, then accepts and never answers, and comes
// back again. The receiver must answer 503 meanwhile, never acknowledge what it did not store, and
// take deliveries again by itself once the proxy forwards again.
/** A bound on the count; the timeline below ends the run. */
const MAX_DELIVERIES = 20_000;
const TIMELINE = [
  { mode: "up", ms: 3_000 },
  { mode: "refusing", ms: 3_000 },
  { mode: "up", ms: 3_000 },
  { mode: "silent", ms: 3_000 },
  { mode: "up", ms: 4_000 },
] as const;
type Mode = (typeof TIMELINE)[number]["mode"];

interface Phase {
  mode: Mode;
  startedAt: number;
  endedAt: number;
  answers: { status: number; ms: number; sentAt: number }[];
}

describe("postgresql through a proxy that goes away mid-run", () => {
  if (!POSTGRES_SERVER) console.log(`[load] ${POSTGRES_SKIPPED}`);

  it.skipIf(!POSTGRES_SERVER)(
    "answers 503 while it is gone, acknowledges only what it stored, and recovers alone",
    async () => {
      const database = await freshDatabase("postgresql");
      const direct = new URL(database.databaseUrl);
      const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const throughProxy = new URL(database.databaseUrl);
      throughProxy.host = `127.0.0.1:${proxy.port}`;
      const phases: Phase[] = [];
      try {
        const { app, secret } = await startReceiver(database, { databaseUrl: throughProxy.toString() });
        let timelineDone = false;
        const timeline = (async () => {
          for (const { mode, ms } of TIMELINE) {
            proxy.setMode(mode);
            const phase: Phase = { mode, startedAt: performance.now(), endedAt: Number.POSITIVE_INFINITY, answers: [] };
            phases.push(phase);
            await sleep(ms);
            phase.endedAt = performance.now();
          }
          timelineDone = true;
        })();
        let run: DeliveryRun;
        try {
          run = await sendDeliveries({
            app,
            secret,
            count: MAX_DELIVERIES,
            concurrency: SENDERS,
            durationMs: TIMELINE.reduce((total, { ms }) => total + ms, 0) + 5_000,
            stopWhen: () => timelineDone,
            // Filed under the phase the request was sent in, and only if the answer came in it too.
            onAnswer: ({ status, ms }) => {
              const answeredAt = performance.now();
              const sentAt = answeredAt - ms;
              const phase = phases.find(
                (candidate) => candidate.startedAt <= sentAt && answeredAt <= candidate.endedAt,
              );
              phase?.answers.push({ status, ms, sentAt });
            },
          });
          await timeline;
        } finally {
          await app.stop();
        }

        const summary = phases.map((phase) => {
          const statuses: Record<number, number> = {};
          for (const { status } of phase.answers) statuses[status] = (statuses[status] ?? 0) + 1;
          const refusals = phase.answers.filter(({ status }) => status === 503);
          const firstAccepted = phase.answers.find(({ status }) => status === 200);
          return {
            mode: phase.mode,
            statuses,
            max503Ms: refusals.length ? Math.round(Math.max(...refusals.map(({ ms }) => ms))) : null,
            firstAcceptedAfterMs: firstAccepted ? Math.round(firstAccepted.sentAt - phase.startedAt) : null,
          };
        });
        const figures = await figuresOf("postgresql down (proxy refusing, then silent)", database, run, {
          phases: summary,
          max503Ms: Math.max(...summary.map(({ max503Ms }) => max503Ms ?? 0)),
        });
        printFigures(figures);

        expect(figures.lost, "acknowledged with 2xx, yet not in the database").toBe(0);
        expect(figures.storedTwice).toBe(0);
        expect(figures.unanswered, "requests without an answer within Accelo's 10 s").toBe(0);
        expect(Object.keys(figures.statuses).filter((status) => status !== "200" && status !== "503")).toEqual([]);
        const [before, refusing, back, silent, backAgain] = summary;
        expect(before.statuses[200]).toBeGreaterThan(0);
        for (const down of [refusing, silent]) {
          // Sent after the proxy stopped forwarding: nothing can have been committed for these.
          expect(down.statuses[200], `2xx while the proxy was ${down.mode}`).toBeUndefined();
          expect(down.statuses[503], `no 503 while the proxy was ${down.mode}`).toBeGreaterThan(0);
        }
        for (const recovered of [back, backAgain]) {
          expect(recovered.statuses[200], "no 2xx once the proxy forwarded again").toBeGreaterThan(0);
        }
      } finally {
        await proxy.close();
        await database.drop();
      }
    },
  );
});
