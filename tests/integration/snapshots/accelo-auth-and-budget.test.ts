// The Accelo client's tokens and the request budget shared through the database, against the stand-in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reserveApiRequest } from "../../../lib/accelo/budget";
import { createAcceloClient } from "../../../lib/accelo/client";
import { AcceloApiError } from "../../../lib/accelo/errors";
import { db } from "../../../lib/db/client";
import { scheduleFetchForDeliveries } from "../../../lib/fetch-queue/schedule";
import { STAND_IN_ACCESS_TOKEN, type StandIn, startStandIn } from "../../../scripts/stand-in/start-stand-in";
import { drain, standInConfig, storedDelivery } from "./fixtures";

let standIn: StandIn;
const started: StandIn[] = [];

async function newStandIn(options: Parameters<typeof startStandIn>[0] = {}) {
  const server = await startStandIn(options);
  started.push(server);
  return server;
}

beforeEach(async () => {
  standIn = await newStandIn();
  await db.fetchJob.deleteMany();
  await db.apiBudget.deleteMany();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

const target = (id: number) => ({ url: standIn.resourceUrl("tasks", id), type: "tasks", id: String(id) });

async function failure(promise: Promise<unknown>): Promise<AcceloApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AcceloApiError);
  return error as AcceloApiError;
}

describe("tokens", () => {
  it("asks for a client-credentials token once and reuses it until it expires", async () => {
    const client = createAcceloClient(standInConfig(standIn));
    const first = await client.getResource(target(1));
    await client.getResource(target(2));
    await createAcceloClient(standInConfig(standIn)).getResource(target(3));

    expect(first).toMatchObject({
      httpStatus: 200,
      meta: { status: "ok" },
      response: { id: "1", title: expect.any(String) },
    });
    expect(first.response).toHaveProperty("date_due");
    expect(standIn.tokenRequests()).toBe(1);
  });

  it("asks again once when Accelo rejects the cached token", async () => {
    const client = createAcceloClient(standInConfig(standIn));
    await client.getResource(target(1));
    standIn.revokeTokens();

    await expect(client.getResource(target(2))).resolves.toMatchObject({ httpStatus: 200 });
    expect(standIn.tokenRequests()).toBe(2);
    expect(standIn.requests().map((request) => request.status)).toEqual([200, 401, 200]);
  });

  it("asks for a new token before the old one expires", async () => {
    standIn = await newStandIn({ tokenLifetimeSeconds: 1 });
    const client = createAcceloClient(standInConfig(standIn));
    await client.getResource(target(1));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await client.getResource(target(2));

    expect(standIn.tokenRequests()).toBe(2);
    expect(standIn.requests().map((request) => request.status)).toEqual([200, 200]);
  });

  it("says the token was rejected when the client secret is wrong, without asking for the object", async () => {
    const config = standInConfig(standIn, {
      credentials: { kind: "client_credentials", clientId: "stand-in-client", clientSecret: "not-the-secret" },
    });
    const error = await failure(createAcceloClient(config).getResource(target(1)));
    expect(error.code).toBe("token_rejected");
    expect(error.message).not.toContain("not-the-secret");
    expect(standIn.requests()).toEqual([]);
  });

  it("uses a fixed ACCELO_ACCESS_TOKEN as given, and reports its rejection", async () => {
    const fixed = standInConfig(standIn, { credentials: { kind: "access_token", accessToken: STAND_IN_ACCESS_TOKEN } });
    await expect(createAcceloClient(fixed).getResource(target(1))).resolves.toMatchObject({ httpStatus: 200 });

    const wrong = standInConfig(standIn, { credentials: { kind: "access_token", accessToken: "expired-token" } });
    const error = await failure(createAcceloClient(wrong).getResource(target(1)));
    expect(error).toMatchObject({ code: "token_rejected", httpStatus: 401 });
    expect(standIn.tokenRequests()).toBe(0);
  });
});

describe("Accelo's status words", () => {
  it.each([
    [{ kind: "server_error" } as const, "server_error", 500],
    [{ kind: "rate_limited", resetInSeconds: 90 } as const, "rate_limited", 429],
  ])("turns %o into %s", async (fault, code, httpStatus) => {
    standIn.setFault({ ...fault, times: 1 });
    const error = await failure(createAcceloClient(standInConfig(standIn)).getResource(target(1)));
    expect(error).toMatchObject({ code, httpStatus });
    if (code === "rate_limited") {
      expect(error.retryAt!.getTime()).toBeGreaterThan(Date.now() + 80_000);
      expect(error.message).toMatch(/^Rate limited by Accelo until \d\d:\d\d/);
    }
  });

  it("turns an unknown id into object_gone", async () => {
    const error = await failure(createAcceloClient(standInConfig(standIn)).getResource(target(5_000_000)));
    expect(error).toMatchObject({ code: "object_gone", httpStatus: 400, meta: { status: "invalid_request" } });
  });

  it("turns no answer in time into timeout, and no server into network", async () => {
    standIn.setFault({ kind: "slow", delayMs: 1000, times: 2 });
    const slow = await failure(
      createAcceloClient(standInConfig(standIn, { requestTimeoutMs: 200 })).getResource(target(1)),
    );
    expect(slow.code).toBe("timeout");

    const gone = await newStandIn();
    const origin = gone.origin;
    await gone.close();
    const config = standInConfig(standIn, {
      apiOrigin: origin,
      credentials: { kind: "access_token", accessToken: "x" },
    });
    expect(
      (
        await failure(
          createAcceloClient(config).getResource({ url: `${origin}/api/v0/tasks/1`, type: "tasks", id: "1" }),
        )
      ).code,
    ).toBe("network");
  });
});

describe("the hourly budget", () => {
  it("is never overspent by concurrent callers", async () => {
    const grants = await Promise.all(Array.from({ length: 8 }, () => reserveApiRequest("https://budget.test", 3)));
    expect(grants.filter((grant) => grant.kind === "granted")).toHaveLength(3);
    const refused = grants.find((grant) => grant.kind === "refused");
    expect(refused).toMatchObject({ kind: "refused", reason: "budget_exhausted" });
  });

  it("holds in total for several workers, which leave the rest pending until the window ends", async () => {
    const config = standInConfig(standIn, { hourlyBudget: 3 });
    for (const id of [11, 12, 13, 14, 15]) {
      const delivery = await storedDelivery({ resourceUrl: standIn.resourceUrl("quotes", id) });
      await scheduleFetchForDeliveries([delivery], config);
    }
    await Promise.all([drain(config, "instance-1"), drain(config, "instance-2")]);

    expect(standIn.requests()).toHaveLength(3);
    const waiting = await db.fetchJob.findMany({ where: { status: "pending" } });
    expect(waiting).toHaveLength(2);
    for (const job of waiting) {
      expect(job).toMatchObject({ reason: "budget_exhausted", attempts: 0 });
      expect(job.runAfter.getTime()).toBeGreaterThan(Date.now() + 59 * 60 * 1000);
    }
  });

  it("stops asking when Accelo says no request is left in its window", async () => {
    standIn = await newStandIn({ hourlyLimit: 1 });
    const config = standInConfig(standIn);
    const deliveries = [];
    for (const id of [1, 2, 3])
      deliveries.push(await storedDelivery({ resourceUrl: standIn.resourceUrl("tasks", id) }));
    await scheduleFetchForDeliveries(deliveries, config);
    await drain(config, "worker");

    // The first answer said X-RateLimit-Remaining: 0; nobody asked again before the reset.
    expect(standIn.requests().map((request) => request.status)).toEqual([200]);
    const jobs = await db.fetchJob.findMany({ orderBy: { id: "asc" } });
    expect(jobs.map((job) => [job.status, job.reason])).toEqual([
      ["done", null],
      ["pending", "rate_limited"],
      ["pending", "rate_limited"],
    ]);
  });
});
