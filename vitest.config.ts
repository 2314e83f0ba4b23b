import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // What Next and `tsx --conditions=react-server` load for server code: the marker lets
      // server-only modules (database, secrets) be tested in Node.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["{app,lib,components,scripts}/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/database-per-file.ts"],
    pool: "forks",
    // Vitest's default is one worker per core less one: a single file at a time on two cores,
    // while most files wait on PostgreSQL, SQLite or a local server rather than compute.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
