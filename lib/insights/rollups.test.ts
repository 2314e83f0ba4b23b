import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testProvider } from "../../tests/setup/databases";
import { db } from "../db/client";
import { deleteOldestDeliveriesBefore, insertDeliveries, type NewDelivery } from "../deliveries/queries";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { DAY_MS, dayOf, HOUR_MS, hourOf } from "./hours";
import { busiestObjects, busiestObjectsQuery, deliveriesByBucket, rebuildRollups } from "./rollups";

// The rollups must always equal a recount of the rows they count: after any batches the receiver
// writes, after a rebuild from scratch, and after retention deletes the oldest. What the overview
// reads from them must equal counting the deliveries of the window, wherever the window starts
// and ends: whole days come from the daily rollups, the hours at either end from the hourly ones.

/** Two hours before midnight, so that five hours of batches count into two days. */
const START = Date.parse("2026-11-19T22:00:00Z");
let fingerprint = 0;

function delivery(fields: { eventId: string | null; verdict: string; object: string | null }): NewDelivery {
  fingerprint += 1;
  return {
    remoteAddress: null,
    method: "POST",
    url: "/api/webhooks/accelo",
    headers: "[]",
    rawBody: Buffer.from("id=1"),
    bodySize: 4,
    oversized: false,
    contentType: "application/x-www-form-urlencoded",
    bodyFormat: "form",
    contentTypeSniffed: false,
    parseError: null,
    payload: null,
    eventId: fields.eventId,
    objectId: fields.object,
    resourceUrl: null,
    resourceType: fields.object === null ? null : "tasks",
    resourceId: fields.object,
    signatureHeader: null,
    signatureVerdict: fields.verdict,
    signatureReason: null,
    signatureAlgorithm: null,
    signatureAlgorithmFrom: null,
    signatureSecretIndex: null,
    subscriptionId: null,
    responseStatus: 200,
    fingerprint: `f${fingerprint}`,
    truncatedFields: null,
    storeError: null,
    compacted: false,
  };
}

const generatedDelivery = fc.record({
  eventId: fc.constantFrom("assign_task", "create_task", "update_issue", null),
  verdict: fc.constantFrom(...SIGNATURE_VERDICTS),
  object: fc.constantFrom("1", "2", "3", null),
});
/** A batch as the receiver writes one: its deliveries, stamped at one instant within five hours. */
const batch = fc.record({
  minute: fc.integer({ min: 0, max: 5 * 60 - 1 }),
  deliveries: fc.array(generatedDelivery, { minLength: 1, maxLength: 12 }),
});

const key = (...parts: unknown[]) => parts.map(String).join("|");

type Counted = Awaited<ReturnType<typeof db.delivery.findMany<{ select: typeof COUNTED }>>>;
const COUNTED = {
  receivedAt: true,
  eventId: true,
  signatureVerdict: true,
  resourceType: true,
  resourceId: true,
} as const;

function add(counts: Map<string, number>, countKey: string) {
  counts.set(countKey, (counts.get(countKey) ?? 0) + 1);
}

function recountBy(rows: Counted, unitOf: (instant: Date) => Date) {
  const deliveries = new Map<string, number>();
  const objects = new Map<string, number>();
  for (const row of rows) {
    const at = unitOf(row.receivedAt).toISOString();
    add(deliveries, key(at, row.eventId ?? "", row.signatureVerdict));
    if (row.resourceType && row.resourceId) add(objects, key(row.resourceType, row.resourceId, at));
  }
  return { deliveries, objects };
}

async function recount() {
  const rows = await db.delivery.findMany({ select: COUNTED });
  return { hours: recountBy(rows, hourOf), days: recountBy(rows, dayOf) };
}

async function stored() {
  const [hours, objectHours, days, objectDays] = await Promise.all([
    db.deliveryHour.findMany(),
    db.objectHour.findMany(),
    db.deliveryDay.findMany(),
    db.objectDay.findMany(),
  ]);
  return {
    hours: {
      deliveries: new Map(hours.map((row) => [key(row.hour.toISOString(), row.eventId, row.verdict), row.count])),
      objects: new Map(
        objectHours.map((row) => [key(row.resourceType, row.resourceId, row.hour.toISOString()), row.count]),
      ),
    },
    days: {
      deliveries: new Map(days.map((row) => [key(row.day.toISOString(), row.eventId, row.verdict), row.count])),
      objects: new Map(
        objectDays.map((row) => [key(row.resourceType, row.resourceId, row.day.toISOString()), row.count]),
      ),
    },
  };
}

async function expectRollupsToEqualRecount() {
  const [expected, actual] = await Promise.all([recount(), stored()]);
  expect(actual).toEqual(expected);
}

describe("the delivery rollups", () => {
  it("equal a recount after any batches, after a rebuild, and after retention deletes the oldest", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(batch, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        async (batches, cutHour) => {
          await db.delivery.deleteMany();
          await rebuildRollups();
          for (const { minute, deliveries } of batches) {
            await insertDeliveries(deliveries.map(delivery), new Date(START + minute * 60_000));
          }
          await expectRollupsToEqualRecount();

          await rebuildRollups();
          await expectRollupsToEqualRecount();

          while ((await deleteOldestDeliveriesBefore(new Date(START + cutHour * HOUR_MS + 30 * 60_000), 5)).found > 0);
          await expectRollupsToEqualRecount();
          // Rows that reached zero are gone, not kept at 0.
          expect(await db.deliveryHour.count({ where: { count: { lte: 0 } } })).toBe(0);
          expect(await db.objectHour.count({ where: { count: { lte: 0 } } })).toBe(0);
          expect(await db.deliveryDay.count({ where: { count: { lte: 0 } } })).toBe(0);
          expect(await db.objectDay.count({ where: { count: { lte: 0 } } })).toBe(0);
        },
      ),
      { numRuns: 8 },
    );
  });
});

/** Four days of traffic from START; windows are cut from whole hours of them. */
const SPAN_HOURS = 4 * 24;
const spreadBatch = fc.record({
  minute: fc.integer({ min: 0, max: SPAN_HOURS * 60 - 1 }),
  deliveries: fc.array(generatedDelivery, { minLength: 1, maxLength: 6 }),
});
const hourWindow = fc
  .tuple(fc.integer({ min: 0, max: SPAN_HOURS }), fc.integer({ min: 0, max: SPAN_HOURS }))
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({
    from: new Date(START + Math.min(a, b) * HOUR_MS),
    to: new Date(START + Math.max(a, b) * HOUR_MS),
  }));

describe("what the overview reads from the rollups", () => {
  it("equals counting the window's deliveries, by hour and by day, wherever the window starts and ends", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(spreadBatch, { minLength: 1, maxLength: 12 }),
        fc.array(hourWindow, { minLength: 1, maxLength: 4 }),
        async (batches, windows) => {
          await db.delivery.deleteMany();
          await rebuildRollups();
          for (const { minute, deliveries } of batches) {
            await insertDeliveries(deliveries.map(delivery), new Date(START + minute * 60_000));
          }
          const rows = await db.delivery.findMany({ select: COUNTED });
          for (const window of windows) {
            const inside = rows.filter((row) => row.receivedAt >= window.from && row.receivedAt < window.to);
            for (const bucket of ["hour", "day"] as const) {
              const expected = new Map<string, number>();
              for (const row of inside) {
                const at = bucket === "hour" ? hourOf(row.receivedAt) : dayOf(row.receivedAt);
                add(expected, key(at.toISOString(), row.eventId ?? "", row.signatureVerdict));
              }
              const counted = await deliveriesByBucket({ ...window, bucket }, { byEvent: true });
              expect(
                new Map(counted.map((row) => [key(row.bucket.toISOString(), row.eventId, row.verdict), row.count])),
              ).toEqual(expected);
            }
            // Three objects are each among every hour's three busiest, so all are candidates and
            // the answer is exact.
            const perObject = new Map<string, number>();
            for (const row of inside) if (row.resourceId) add(perObject, row.resourceId);
            const expectedBusiest = [...perObject.entries()]
              .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
              .map(([resourceId, count]) => ({ resourceType: "tasks", resourceId, count }));
            expect(await busiestObjects(window, 10)).toEqual(expectedBusiest);
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});

describe("the migration that added the daily rollups", () => {
  it("sums what the hourly rollups already held into them", async () => {
    await db.delivery.deleteMany();
    await rebuildRollups();
    for (const minute of [0, 50, 130, 200, 299, 299]) {
      await insertDeliveries(
        [delivery({ eventId: "assign_task", verdict: "valid", object: String(minute % 3) })],
        new Date(START + minute * 60_000),
      );
    }
    await db.deliveryDay.deleteMany();
    await db.objectDay.deleteMany();
    const script = fs.readFileSync(
      path.join("prisma", testProvider(), "migrations", "20261128115852_daily_rollups", "migration.sql"),
      "utf8",
    );
    const fills = script
      .split(";")
      .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
      .filter((statement) =>
        /^INSERT INTO "(DeliveryDay|ObjectDay)"[\s\S]*FROM "(DeliveryHour|ObjectHour)"/.test(statement),
      );
    expect(fills).toHaveLength(2);
    for (const statement of fills) await db.$executeRawUnsafe(statement);
    await expectRollupsToEqualRecount();
  });
});

describe("the busiest objects", () => {
  // SQLite plans from the SQL alone (nothing here runs ANALYZE), so its plan on an empty table is
  // the plan it uses at ten million rows. PostgreSQL plans from statistics, and on a table this
  // small a sequential scan is its right choice: bench:query measures it at scale instead.
  it.runIf(testProvider() === "sqlite")(
    "are read by seeks of ObjectHour's and ObjectDay's indexes, never by a scan of either",
    async () => {
      // 30 days that start and end inside a day: whole days and hours at both ends.
      const from = new Date(START + 5 * HOUR_MS);
      const query = busiestObjectsQuery({ from, to: new Date(from.getTime() + 30 * DAY_MS) }, 10);
      const plan = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${query.sql}`, ...query.values);
      const rollupReads = plan
        .map(({ detail }) => detail)
        .filter((detail) => /\bObject(Hour|Day)|^(SCAN|SEARCH) [oi]\b/.test(detail));
      expect(rollupReads.filter((detail) => /ObjectHour/.test(detail)).length).toBeGreaterThan(0);
      expect(rollupReads.filter((detail) => /ObjectDay/.test(detail)).length).toBeGreaterThan(0);
      expect(rollupReads.filter((detail) => detail.startsWith("SCAN"))).toEqual([]);
    },
  );
});
