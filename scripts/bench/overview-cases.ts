// The overview's cases for npm run bench:query: readOverview (what GET /api/overview and the
// landing page call) over the rollups of the seeded history.
import { performance } from "node:perf_hooks";
import type { Db } from "../../lib/db/client";
import type { DatabaseProvider } from "../../lib/db/database-url";

/** The target: p95 of every overview query under 100 ms at 10M deliveries. */
export const OVERVIEW_TARGET_P95_MS = 100;

/**
 * Builds the rollups from the seeded deliveries where the seeding did not count them; answers how
 * long it took, in seconds, or null where the seeding counted them. SQLite's trigger counted every
 * seeded row as it was inserted, as it counts the receiver's. On PostgreSQL the counting is part of the receiver's own statement, which
 * the seeder's INSERTs bypass, so the rollups are rebuilt from the rows.
 */
export async function prepareOverview(db: Db, provider: DatabaseProvider): Promise<number | null> {
  if (provider === "sqlite") return null;
  const { rebuildRollups } = await import("../../lib/insights/rollups");
  const started = performance.now();
  await rebuildRollups(db);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "DeliveryHour", "ObjectHour", "DeliveryDay", "ObjectDay"`);
  return (performance.now() - started) / 1000;
}

/** Each case's name and a call that answers how many buckets it drew. */
export async function overviewCases(now: Date): Promise<[name: string, work: () => Promise<number>][]> {
  const [{ readOverview }, { overviewQuerySchema }] = await Promise.all([
    import("../../lib/insights/overview"),
    import("../../lib/insights/overview-query"),
  ]);
  const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
  const cases: [string, Record<string, string>][] = [
    ["overview 24h", {}],
    ["overview 7d", { range: "7d" }],
    ["overview 30d", { range: "30d" }],
    ["overview 30d, split by event", { range: "30d", split: "event" }],
    ["overview custom 90 days", { from: daysAgo(89), to: daysAgo(0) }],
    ["overview custom 30 days, 60 days ago", { from: daysAgo(89), to: daysAgo(59) }],
  ];
  return cases.map(([name, query]) => {
    const parsed = overviewQuerySchema.parse(query);
    return [name, async () => (await readOverview(parsed, now)).deliveries.buckets.length];
  });
}
