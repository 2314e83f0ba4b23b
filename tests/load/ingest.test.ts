import { describe, expect, it } from "vitest";
import type { DatabaseProvider } from "@/lib/db/database-url";
import {
  DELIVERIES,
  type DeliveryRun,
  figuresOf,
  freshDatabase,
  POSTGRES_SERVER,
  POSTGRES_SKIPPED,
  printFigures,
  type RunFigures,
  SENDERS,
  sendDeliveries,
  startReceiver,
} from "./load-harness";

// Issue 5: 20,000 signed deliveries from 100 concurrent senders against the production build,
// every one answered 2xx stored exactly once; and the same run cut by SIGKILL halfway, every
// delivery answered 2xx before the kill still there once the server is back. Each send is for
// its own object id, so "stored twice" means one send became two rows.
/** A bound, not a target: a run this slow fails on the count it sent, never hangs CI. */
const RUN_LIMIT_MS = 120_000;
const KILL_AFTER_ANSWERS = Math.floor(DELIVERIES / 2);
/** After the restart: proof that the server takes deliveries again, on the same database. */
const AFTER_RESTART = 500;

function expectNothingLost(figures: RunFigures) {
  expect(figures.lost, "acknowledged with 2xx, yet not in the database").toBe(0);
  expect(figures.storedTwice, "one send stored as more than one row").toBe(0);
  expect(figures.acknowledged).toBeGreaterThan(0);
  // Anything but "stored" (2xx) or "database unavailable, send again" (503) would be a receiver bug.
  expect(Object.keys(figures.statuses).filter((status) => status !== "200" && status !== "503")).toEqual([]);
}

describe.each<DatabaseProvider>(["sqlite", "postgresql"])(
  `%s: ${DELIVERIES} deliveries from ${SENDERS} senders`,
  (provider) => {
    const skip = provider === "postgresql" && !POSTGRES_SERVER;
    if (skip) console.log(`[load] ${POSTGRES_SKIPPED}`);

    it.skipIf(skip)("stores every delivery answered 2xx exactly once", async () => {
      const database = await freshDatabase(provider);
      try {
        const { app, secret } = await startReceiver(database);
        let run: DeliveryRun;
        try {
          run = await sendDeliveries({
            app,
            secret,
            count: DELIVERIES,
            concurrency: SENDERS,
            durationMs: RUN_LIMIT_MS,
          });
        } finally {
          await app.stop();
        }
        const figures = await figuresOf(`ingest ${provider}`, database, run);
        printFigures(figures);
        expect(figures.sent, `only ${figures.sent} sent within ${RUN_LIMIT_MS / 1000} s`).toBe(DELIVERIES);
        expectNothingLost(figures);
      } finally {
        await database.drop();
      }
    });

    it.skipIf(skip)("keeps every delivery answered 2xx before a SIGKILL halfway through", async () => {
      const database = await freshDatabase(provider);
      try {
        const receiver = await startReceiver(database);
        let killed: Promise<void> | undefined;
        let answers = 0;
        let beforeKill: DeliveryRun;
        try {
          beforeKill = await sendDeliveries({
            app: receiver.app,
            secret: receiver.secret,
            count: DELIVERIES,
            concurrency: SENDERS,
            durationMs: RUN_LIMIT_MS,
            // Killed from inside the answer handler, with the other senders' requests in flight.
            onAnswer: () => {
              if (!killed && ++answers >= KILL_AFTER_ANSWERS) killed = receiver.app.stop("SIGKILL");
            },
            stopWhen: () => killed !== undefined,
          });
        } finally {
          await (killed ?? receiver.app.stop("SIGKILL"));
        }

        const beforeFigures = await figuresOf(`sigkill ${provider}: before the kill`, database, beforeKill);
        printFigures(beforeFigures);
        expect(killed, "the run ended before the kill").toBeDefined();
        expectNothingLost(beforeFigures);

        const app = await receiver.restart();
        let afterRestart: DeliveryRun;
        try {
          afterRestart = await sendDeliveries({
            app,
            secret: receiver.secret,
            count: AFTER_RESTART,
            concurrency: SENDERS,
            durationMs: RUN_LIMIT_MS,
            firstObjectId: DELIVERIES + 1,
          });
        } finally {
          await app.stop();
        }
        const afterFigures = await figuresOf(`sigkill ${provider}: after the restart`, database, afterRestart);
        printFigures(afterFigures);
        expectNothingLost(afterFigures);
        // The kill lost nothing from before it either, now that the restarted server has written too.
        expect((await figuresOf(`sigkill ${provider}: before the kill, rechecked`, database, beforeKill)).lost).toBe(0);
      } finally {
        await database.drop();
      }
    });
  },
);
