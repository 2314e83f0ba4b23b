import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDatabaseTarget } from "@/lib/db/database-url";
import { signBody } from "@/lib/receiver/signature/sign";
import { testProvider } from "@/tests/setup/databases";
import { startTcpProxy } from "@/tests/setup/tcp-proxy";

// The receiver must answer 503 within a second when the database is gone, never acknowledge
// what it did not store, and recover by itself. Statuses and "stored or not" are the claims;
// the elapsed-time bound only proves there is no hang (it is loose because CI shares two cores
// with the test itself; tests/load measures the real 503 latency).
const NO_HANG_MS = 2500;

let proxy: Awaited<ReturnType<typeof startTcpProxy>> | undefined;
let POST: (request: Request) => Promise<Response>;
let countStored: () => Promise<number>;

beforeAll(async () => {
  process.env.ACCELO_WEBHOOK_SECRET = "down-secret";
  if (testProvider() === "postgresql") {
    const url = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    process.env.DATABASE_URL = url.toString();
  }
  ({ POST } = await import("./route"));
  const { db } = await import("@/lib/db/client");
  countStored = () => db.delivery.count();
});

afterAll(async () => {
  await proxy?.close();
});

let nextId = 1;
async function deliver() {
  const body = `id=${nextId++}`;
  const started = performance.now();
  const response = await POST(
    new Request("http://localhost/api/webhooks/accelo", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-accelo-event": "create_task",
        "x-hub-signature": signBody(body, "down-secret"),
      },
      body,
    }),
  );
  return { status: response.status, json: await response.json(), elapsed: performance.now() - started };
}

/** Makes the database unavailable in the way each provider can be: gone, or locked by another writer. */
async function whileDatabaseDown<T>(mode: "refusing" | "silent", work: () => Promise<T>): Promise<T> {
  if (proxy) {
    proxy.setMode(mode);
    try {
      return await work();
    } finally {
      proxy.setMode("up");
    }
  }
  const other = new Database(resolveDatabaseTarget().url);
  other.exec("BEGIN EXCLUSIVE");
  try {
    return await work();
  } finally {
    other.exec("ROLLBACK");
    other.close();
  }
}

describe(`receiver with the database down (${testProvider()})`, () => {
  it.each(["refusing", "silent"] as const)("answers 503 quickly, stores nothing, and recovers (%s)", async (mode) => {
    const before = await deliver();
    expect(before.status).toBe(200);
    const storedBefore = await countStored();

    const down = await whileDatabaseDown(mode, async () => [await deliver(), await deliver()]);
    for (const answer of down) {
      expect(answer.status).toBe(503);
      expect(answer.json.error.code).toBe("database_unavailable");
      expect(answer.elapsed).toBeLessThan(NO_HANG_MS);
    }

    const after = await deliver();
    expect(after.json).toMatchObject({ id: expect.any(Number) });
    expect(after.status).toBe(200);
    expect(await countStored()).toBe(storedBefore + 1);
  });
});

describe.runIf(testProvider() === "postgresql")("receiver with PostgreSQL's connections cut mid-write", () => {
  // A batch's INSERT cut off on its connection fails differently from one that never connects
  // (Prisma reports raw queries as P2010 with the driver's error inside): both must be a 503.
  it("answers 503, never 500, to deliveries whose write the server dropped", async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 20 && !statuses.includes(503); round++) {
      const inFlight = Array.from({ length: 20 }, () => deliver());
      await new Promise((resolve) => setTimeout(resolve, round % 5));
      proxy!.setMode("refusing");
      statuses.push(...(await Promise.all(inFlight)).map((answer) => answer.status));
      proxy!.setMode("up");
    }
    expect(statuses).toContain(503);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect((await deliver()).status).toBe(200);
  });
});
