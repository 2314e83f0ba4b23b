import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
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

process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATABASE_DIR ??= createDatabaseDir();
const port = process.env.E2E_PORT;
const databaseDir = process.env.E2E_DATABASE_DIR;
const baseURL = `http://127.0.0.1:${port}`;
// The Accelo API stand-in (scripts/accelo-stand-in.ts) runs beside the app, which fetches snapshots from it.
process.env.E2E_STAND_IN_ORIGIN ??= `http://127.0.0.1:${await freePort()}`;
const standInOrigin = process.env.E2E_STAND_IN_ORIGIN;

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
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: CHROMIUM_LAUNCH_OPTIONS,
      },
    },
  ],
  webServer: [
    {
      command: `npm run stand-in -- --quiet --port ${new URL(standInOrigin).port}`,
      url: `${standInOrigin}/__control/requests`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `npm run start -- --hostname 127.0.0.1 --port ${port}`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: `file:${path.join(databaseDir, "e2e.db")}`,
        DASHBOARD_PASSWORD,
        ACCELO_WEBHOOK_SECRET,
        ACCELO_API_BASE_URL: standInOrigin,
        ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
        ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
        ACCELO_FETCH_DELAY_MS: "0",
        // As behind one reverse proxy: a test that needs an address of its own for the sign-in
        // throttle says it in X-Forwarded-For, which the proxy would have appended.
        TRUSTED_PROXIES: "1",
      },
    },
  ],
});
