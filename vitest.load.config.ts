import { defineConfig } from "vitest/config";
import unitTests from "./vitest.config";

// `npm run test:load`: the load and fault runs against the production build (tests/load/). One
// file at a time, since each run loads both cores; every run is bounded by a request count and a
// time, so the timeouts only catch a hang. Modules resolve as in the unit tests.
export default defineConfig({
  resolve: unitTests.resolve,
  test: {
    include: ["tests/load/**/*.test.ts"],
    globalSetup: ["tests/load/production-build.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
