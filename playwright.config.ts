import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";
import pg from "pg";
import { STAND_IN_CLIENT_ID, STAND_IN_CLIENT_SECRET } from "./scripts/stand-in/start-stand-in";
import { CHROMIUM_LAUNCH_OPTIONS } from "./tests/chromium";
import { ACCELO_WEBHOOK_SECRET, DASHBOARD_PASSWORD } from "./tests/e2e/fixtures";

// Browser tests run against the production build (`next build` into NEXT_DIST_DIR, default
// .next-e2e; `npm test` builds it first), started through `npm run start` so pending migrations
// are applied exactly as for a user, on a fresh SQLite database.

// Playwright evaluates this file in the runner and again in every worker. The runner picks the
// port and the database folder and leaves them in the environment, which the workers inherit,
// so every process agrees on one server.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A folder for this run's database, removed when the runner exits (after it stops the server). */
function createDatabaseDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "awm-e2e-"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * With TEST_DATABASE_URL, a second server runs on a fresh PostgreSQL database of its own, and the
 * tests tagged @postgresql (the dashboard's doors, tests/e2e/doors.spec.ts, and a few more) run
 * against it too. The database is dropped by tests/e2e/global-teardown.ts.
 */
async function createPostgresDatabase(serverUrl: string): Promise<string> {
  const name = `awm_e2e_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATABASE_DIR ??= createDatabaseDir();
const port = process.env.E2E_PORT;
const databaseDir = process.env.E2E_DATABASE_DIR;
const baseURL = `http://127.0.0.1:${port}`;
// The Accelo API stand-in (scripts/accelo-stand-in.ts) runs beside the app, which fetches snapshots from it.
process.env.E2E_STAND_IN_ORIGIN ??= `http://127.0.0.1:${await freePort()}`;
const standInOrigin = process.env.E2E_STAND_IN_ORIGIN;
if (process.env.TEST_DATABASE_URL) {
  process.env.E2E_POSTGRES_URL ??= await createPostgresDatabase(process.env.TEST_DATABASE_URL);
  process.env.E2E_POSTGRES_PORT ??= String(await freePort());
}
const postgresUrl = process.env.E2E_POSTGRES_URL;
const postgresBaseURL = `http://127.0.0.1:${process.env.E2E_POSTGRES_PORT}`;

/** The app as both servers run it; each has its own database and its own sealing key file. */
type WebServer = Extract<NonNullable<PlaywrightTestConfig["webServer"]>, unknown[]>[number];

function appServer(serverPort: string, databaseUrl: string, keyFile: string): WebServer {
  return {
    command: `npm run start -- --hostname 127.0.0.1 --port ${serverPort}`,
    url: `http://127.0.0.1:${serverPort}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      APP_SECRET_KEY_FILE: keyFile,
      DASHBOARD_PASSWORD,
      ACCELO_WEBHOOK_SECRET,
      ACCELO_API_BASE_URL: standInOrigin,
      ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
      ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
      ACCELO_FETCH_DELAY_MS: "0",
      // As behind one reverse proxy: a test that needs an address of its own for the sign-in
      // throttle says it in X-Forwarded-For, which the proxy would have appended.
      TRUSTED_PROXIES: "1",
      // Subscriptions made in the tests point here; a short grace and watch so the tests see both end.
      PUBLIC_URL: `http://127.0.0.1:${serverPort}`,
      SUBSCRIPTION_SECRET_GRACE_SECONDS: "4",
      SUBSCRIPTION_WATCH_INTERVAL_SECONDS: "3",
      // The forwarding test's sink listens on 127.0.0.1.
      FORWARD_ALLOW_PRIVATE_NETWORKS: "true",
      // The alerts test's rule fires and resolves within seconds.
      ALERT_EVALUATION_INTERVAL_SECONDS: "1",
    },
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "off",
  },
  globalTeardown: "./tests/e2e/global-teardown.ts",
  projects: [
    {
      name: "sqlite",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: CHROMIUM_LAUNCH_OPTIONS,
      },
    },
    ...(postgresUrl
      ? [
          {
            name: "postgresql",
            // Tests tagged @postgresql: the doors, and what else must be seen to hold on both.
            grep: /@postgresql/,
            use: {
              ...devices["Desktop Chrome"],
              launchOptions: CHROMIUM_LAUNCH_OPTIONS,
              baseURL: postgresBaseURL,
            },
          },
        ]
      : []),
  ],
  webServer: [
    {
      command: `npm run stand-in -- --quiet --port ${new URL(standInOrigin).port}`,
      url: `${standInOrigin}/__control/requests`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    appServer(port, `file:${path.join(databaseDir, "e2e.db")}`, path.join(databaseDir, "app-secret.key")),
    ...(postgresUrl
      ? [appServer(process.env.E2E_POSTGRES_PORT ?? "", postgresUrl, path.join(databaseDir, "pg-app-secret.key"))]
      : []),
  ],
});
