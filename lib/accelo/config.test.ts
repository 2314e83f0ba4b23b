import { describe, expect, it } from "vitest";
import { AcceloNotConfiguredError, acceloConfigFromEnv } from "./config";

describe("acceloConfigFromEnv", () => {
  it("is off when no API is named", () => {
    expect(acceloConfigFromEnv({})).toBeUndefined();
  });

  it("turns a deployment into its API origin, with the documented defaults", () => {
    expect(acceloConfigFromEnv({ ACCELO_DEPLOYMENT: "Acme", ACCELO_ACCESS_TOKEN: "t" })).toEqual({
      apiOrigin: "https://acme.api.accelo.com",
      credentials: { kind: "access_token", accessToken: "t" },
      autoFetch: true,
      fetchUnverified: false,
      hourlyBudget: 1000,
      requestTimeoutMs: 10_000,
      fetchDelayMs: 2_000,
      maxAttempts: 5,
    });
  });

  it("prefers ACCELO_API_BASE_URL, reduced to its origin, and client credentials when no token is given", () => {
    const config = acceloConfigFromEnv({
      ACCELO_DEPLOYMENT: "acme",
      ACCELO_API_BASE_URL: "http://127.0.0.1:4010/",
      ACCELO_CLIENT_ID: "id",
      ACCELO_CLIENT_SECRET: "secret",
      ACCELO_AUTO_FETCH: "false",
      ACCELO_FETCH_UNVERIFIED: "true",
    });
    expect(config).toMatchObject({
      apiOrigin: "http://127.0.0.1:4010",
      credentials: { kind: "client_credentials", clientId: "id", clientSecret: "secret" },
      autoFetch: false,
      fetchUnverified: true,
    });
  });

  it.each([
    [{ ACCELO_DEPLOYMENT: "acme" }, /credentials/],
    [{ ACCELO_API_BASE_URL: "https://proxy.example/accelo", ACCELO_ACCESS_TOKEN: "t" }, /origin only/],
    [{ ACCELO_API_BASE_URL: "https://user:pw@proxy.example", ACCELO_ACCESS_TOKEN: "t" }, /origin only/],
    [{ ACCELO_API_BASE_URL: "ftp://proxy.example", ACCELO_ACCESS_TOKEN: "t" }, /origin only/],
    [{ ACCELO_DEPLOYMENT: "acme.evil.example/", ACCELO_ACCESS_TOKEN: "t" }, /ACCELO_DEPLOYMENT/],
    [{ ACCELO_DEPLOYMENT: "acme", ACCELO_ACCESS_TOKEN: "t", ACCELO_HOURLY_BUDGET: "6000" }, /ACCELO_HOURLY_BUDGET/],
  ])("refuses unusable settings %o, saying which", (env, message) => {
    expect(() => acceloConfigFromEnv(env)).toThrow(AcceloNotConfiguredError);
    expect(() => acceloConfigFromEnv(env)).toThrow(message);
  });

  it("never repeats a secret in its complaint", () => {
    expect(() => acceloConfigFromEnv({ ACCELO_DEPLOYMENT: "acme", ACCELO_CLIENT_SECRET: "s3cr3t-value" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("s3cr3t-value") }),
    );
  });
});
