import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { db } from "@/lib/db/client";
import { receiverProperty } from "../property/receiver-property";

// The receiver's property (tests/property/receiver-property.ts) on this run's database: SQLite,
// or PostgreSQL with TEST_PROVIDER=postgresql. A fixed seed and a small budget keep `npm test`
// repeatable and inside CI's time; `npm run fuzz -- --runs N` runs the same property for longer
// with any seed.

const SEED = 20_261_127;
const RUNS = 40;

beforeAll(async () => {
  // Opens the pool first, so the first run's batch does not also pay for the connection.
  await db.delivery.count();
});

describe("the receiver under generated hostile requests, sent together with genuine deliveries", () => {
  it(`answers each with a documented status and stores it, and stores every genuine delivery once (seed ${SEED})`, async () => {
    await fc.assert(receiverProperty(), { seed: SEED, numRuns: RUNS });
  }, 120_000);
});
