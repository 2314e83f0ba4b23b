import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  STAND_IN_CLIENT_ID,
  STAND_IN_CLIENT_SECRET,
  type StandIn,
  startStandIn,
} from "../../scripts/stand-in/start-stand-in";
import { createAcceloClient } from "./client";
import { checkConnection, connectionView, tokenExpiryWarning } from "./connection";

// The connection panel and the expiry banner against the stand-in, on this run's database.

let standIn: StandIn;
const ENV_NAMES = ["ACCELO_API_BASE_URL", "ACCELO_CLIENT_ID", "ACCELO_CLIENT_SECRET", "ACCELO_ACCESS_TOKEN"] as const;

async function useStandIn(options: Parameters<typeof startStandIn>[0] = {}) {
  await standIn?.close();
  standIn = await startStandIn(options);
  process.env.ACCELO_API_BASE_URL = standIn.origin;
  process.env.ACCELO_CLIENT_ID = STAND_IN_CLIENT_ID;
  process.env.ACCELO_CLIENT_SECRET = STAND_IN_CLIENT_SECRET;
}

beforeAll(() => useStandIn());
afterAll(async () => {
  await standIn.close();
  for (const name of ENV_NAMES) delete process.env[name];
});
beforeEach(() => standIn.clearFaults());

describe("the Accelo connection", () => {
  it("says whose token it is, when it expires, and what this hour has used", async () => {
    const view = await connectionView(new Date(Date.now() + 10 * 60_000));
    expect(view).toMatchObject({
      configured: true,
      apiOrigin: standIn.origin,
      token: { deployment: "stand-in", user: "Stand In", expiresSoon: false },
      checkError: null,
      budget: { hourlyBudget: 1000 },
    });
    expect(Date.parse(view.token?.expiresAt ?? "")).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(view.budget?.used).toBeGreaterThanOrEqual(1);
    expect(view.acceloRateLimit).toMatchObject({ limit: 5000 });
  });

  it("warns on every page within 7 days of the token's expiry, and not before", async () => {
    await useStandIn({ tokenLifetimeSeconds: 3 * 86_400 });
    const config = { ...(await import("./config")).acceloConfigFromEnv()! };
    await checkConnection(config);
    expect(tokenExpiryWarning()?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    expect((await connectionView(new Date(Date.now() + 60_000))).token?.expiresSoon).toBe(true);
    expect(tokenExpiryWarning(new Date(Date.now() - 5 * 86_400_000))).toBeUndefined();
  });

  it("says in words why the token could not be asked about, and keeps the last API error", async () => {
    await useStandIn();
    standIn.setFault({ kind: "server_error" });
    const view = await connectionView(new Date(Date.now() + 20 * 60_000));
    expect(view.token).toBeNull();
    expect(view.checkError).toMatch(/Accelo answered with a server error|500/i);
    expect(view.lastError?.code).toBe("server_error");

    // A missing object is not a connection error: it does not replace the last one.
    standIn.clearFaults();
    const client = createAcceloClient((await import("./config")).acceloConfigFromEnv()!);
    await client.getResource({ url: standIn.resourceUrl("tasks", 0), type: "tasks", id: "0" }).catch(() => {});
    expect((await connectionView(new Date(Date.now() + 30 * 60_000))).lastError?.code).toBe("server_error");
  });

  it("says what to set when no API is configured", async () => {
    const saved = process.env.ACCELO_API_BASE_URL;
    delete process.env.ACCELO_API_BASE_URL;
    try {
      expect(await connectionView()).toMatchObject({
        configured: false,
        notConfigured: expect.stringMatching(/ACCELO_DEPLOYMENT/),
      });
    } finally {
      process.env.ACCELO_API_BASE_URL = saved;
    }
  });
});
