import "server-only";
import { budgetUse } from "../accelo/budget";
import { acceloConfigFromEnv } from "../accelo/config";
import { listDestinationRecords } from "../forwarding/destinations";
import { FAILURE_VERDICTS, SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { bucketIndex, type OverviewQuery, type OverviewWindow, overviewWindow } from "./overview-query";
import { busiestObjects, deliveriesByBucket, fetchesByHour, forwardsByDestination } from "./rollups";
import type { Overview } from "./schemas";

/** Events drawn apart when the chart is split by event; the rest share one "other" band. */
const SPLIT_EVENTS = 8;
const BUSIEST_OBJECTS = 10;

type VerdictCounts = Record<(typeof SIGNATURE_VERDICTS)[number], number>;

function noVerdicts(): VerdictCounts {
  return { valid: 0, invalid: 0, missing: 0, unverified: 0 };
}

function isVerdict(verdict: string): verdict is keyof VerdictCounts {
  return (SIGNATURE_VERDICTS as readonly string[]).includes(verdict);
}

function failureRate(counts: VerdictCounts): number | null {
  const total = SIGNATURE_VERDICTS.reduce((sum, verdict) => sum + counts[verdict], 0);
  return total === 0 ? null : FAILURE_VERDICTS.reduce((sum, verdict) => sum + counts[verdict], 0) / total;
}

function bucketBounds(window: OverviewWindow) {
  return window.edges.slice(0, -1).map((start, index) => ({
    start: start.toISOString(),
    end: window.edges[index + 1].toISOString(),
  }));
}

type DeliveryRows = Awaited<ReturnType<typeof deliveriesByBucket>>;

function deliveryFigures(window: OverviewWindow, rows: DeliveryRows): Overview["deliveries"] {
  const perBucket = window.edges.slice(0, -1).map(noVerdicts);
  const totals = noVerdicts();
  for (const row of rows) {
    if (!isVerdict(row.verdict)) continue;
    perBucket[bucketIndex(window, row.bucket)][row.verdict] += row.count;
    totals[row.verdict] += row.count;
  }
  return {
    total: SIGNATURE_VERDICTS.reduce((sum, verdict) => sum + totals[verdict], 0),
    ...totals,
    failureRate: failureRate(totals),
    buckets: bucketBounds(window).map((bounds, index) => ({
      ...bounds,
      ...perBucket[index],
      failureRate: failureRate(perBucket[index]),
    })),
  };
}

function eventFigures(window: OverviewWindow, rows: DeliveryRows): NonNullable<Overview["events"]> {
  const byEvent = new Map<string, number>();
  for (const row of rows) byEvent.set(row.eventId ?? "", (byEvent.get(row.eventId ?? "") ?? 0) + row.count);
  const drawn = [...byEvent.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, SPLIT_EVENTS)
    .map(([eventId]) => eventId);
  const column = new Map(drawn.map((eventId, index) => [eventId, index]));
  const buckets = bucketBounds(window).map((bounds) => ({ ...bounds, counts: drawn.map(() => 0), other: 0 }));
  for (const row of rows) {
    const target = buckets[bucketIndex(window, row.bucket)];
    const index = column.get(row.eventId ?? "");
    if (index === undefined) target.other += row.count;
    else target.counts[index] += row.count;
  }
  return {
    names: drawn.map((eventId) => (eventId === "" ? null : eventId)),
    totals: drawn.map((eventId) => byEvent.get(eventId) ?? 0),
    buckets,
    other: buckets.reduce((sum, target) => sum + target.other, 0),
  };
}

async function fetchFigures(window: OverviewWindow): Promise<Overview["fetches"]> {
  const buckets = bucketBounds(window).map((bounds) => ({ ...bounds, succeeded: 0, failed: 0 }));
  const failures = new Map<string, number>();
  for (const row of await fetchesByHour(window)) {
    const target = buckets[bucketIndex(window, row.hour)];
    if (row.outcome === "ok") {
      target.succeeded += row.count;
    } else {
      target.failed += row.count;
      failures.set(row.outcome, (failures.get(row.outcome) ?? 0) + row.count);
    }
  }
  const succeeded = buckets.reduce((sum, target) => sum + target.succeeded, 0);
  const failed = buckets.reduce((sum, target) => sum + target.failed, 0);
  return {
    total: succeeded + failed,
    succeeded,
    failures: [...failures.entries()]
      .map(([outcome, count]) => ({ outcome, count }))
      .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome)),
    buckets,
  };
}

async function budgetFigures(now: Date): Promise<Overview["budget"]> {
  let config: ReturnType<typeof acceloConfigFromEnv>;
  try {
    config = acceloConfigFromEnv();
  } catch {
    // Settings that cannot be used are explained on the Settings page; here there is no budget.
    return null;
  }
  if (!config) return null;
  const use = await budgetUse(config.apiOrigin, now);
  return {
    used: use.used,
    hourlyBudget: config.hourlyBudget,
    windowEndsAt: use.windowEndsAt?.toISOString() ?? null,
    blockedUntil: use.blockedUntil?.toISOString() ?? null,
  };
}

async function forwardingFigures(window: OverviewWindow): Promise<Overview["forwarding"]> {
  const rows = await forwardsByDestination(window);
  const destinations = await listDestinationRecords();
  const names = new Map(destinations.map((destination) => [destination.id, destination.name]));
  const byDestination = new Map<number, Overview["forwarding"][number]>();
  // Every destination is shown, with or without attempts; a deleted one's attempts keep their counts.
  for (const destination of destinations) {
    byDestination.set(destination.id, {
      destinationId: destination.id,
      name: destination.name,
      succeeded: 0,
      failed: 0,
    });
  }
  for (const row of rows) {
    let entry = byDestination.get(row.destinationId);
    if (!entry) {
      entry = { destinationId: row.destinationId, name: names.get(row.destinationId) ?? null, succeeded: 0, failed: 0 };
      byDestination.set(row.destinationId, entry);
    }
    if (row.outcome === "ok") entry.succeeded += row.count;
    else entry.failed += row.count;
  }
  return [...byDestination.values()].sort((a, b) => a.destinationId - b.destinationId);
}

/** Everything the overview shows for a range, read from the rollups (lib/insights/rollups.ts). */
export async function readOverview(query: OverviewQuery, now = new Date()): Promise<Overview> {
  const window = overviewWindow(query, now);
  const byEvent = query.split === "event";
  // Side by side: PostgreSQL reads each on a pool connection of its own, so the range costs its
  // slowest read (the delivery counts or the busiest objects, npm run bench:query), not their sum.
  // SQLite answers one at a time either way.
  const [rows, fetches, budget, forwarding, objects] = await Promise.all([
    deliveriesByBucket(window, { byEvent }),
    fetchFigures(window),
    budgetFigures(now),
    forwardingFigures(window),
    busiestObjects(window, BUSIEST_OBJECTS),
  ]);
  const deliveries = deliveryFigures(window, rows);
  const events = byEvent ? eventFigures(window, rows) : null;
  return {
    window: {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      bucket: window.bucket,
      range: query.from ? null : (query.range ?? "24h"),
    },
    deliveries,
    events,
    fetches,
    budget,
    forwarding,
    busiestObjects: objects,
  };
}
