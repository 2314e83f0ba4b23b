import path from "node:path";
import { defineConfig } from "vitest/config";

// `npm run test:load`: the load and fault runs against the production build (tests/load/). One
// file at a time, since each run loads both cores; every run is bounded by a request count and a
// time, so the timeouts only catch a hang.
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
    include: ["tests/load/**/*.test.ts"],
    globalSetup: ["tests/load/production-build.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
