import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testProvider } from "../../tests/setup/databases";
import { db } from "../db/client";
import { deleteOldestDeliveriesBefore, insertDeliveries, type NewDelivery } from "../deliveries/queries";
import { SIGNATURE_VERDICTS } from "../receiver/signature/verdicts";
import { HOUR_MS, hourOf } from "./hours";
import { busiestObjectsQuery, rebuildRollups } from "./rollups";

// The rollups must always equal a recount of the rows they count: after any batches the receiver
// writes, after a rebuild from scratch, and after retention deletes the oldest.

const START = Date.parse("2026-11-20T00:00:00Z");
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

async function recount() {
  const rows = await db.delivery.findMany({
    select: { receivedAt: true, eventId: true, signatureVerdict: true, resourceType: true, resourceId: true },
  });
  const hours = new Map<string, number>();
  const objects = new Map<string, number>();
  for (const row of rows) {
    const hour = hourOf(row.receivedAt).toISOString();
    const hourKey = key(hour, row.eventId ?? "", row.signatureVerdict);
    hours.set(hourKey, (hours.get(hourKey) ?? 0) + 1);
    if (row.resourceType && row.resourceId) {
      const objectKey = key(row.resourceType, row.resourceId, hour);
      objects.set(objectKey, (objects.get(objectKey) ?? 0) + 1);
    }
  }
  return { hours, objects };
}

async function stored() {
  const [hours, objects] = await Promise.all([db.deliveryHour.findMany(), db.objectHour.findMany()]);
  return {
    hours: new Map(hours.map((row) => [key(row.hour.toISOString(), row.eventId, row.verdict), row.count])),
    objects: new Map(objects.map((row) => [key(row.resourceType, row.resourceId, row.hour.toISOString()), row.count])),
  };
}

async function expectRollupsToEqualRecount() {
  const [expected, actual] = await Promise.all([recount(), stored()]);
  expect(actual.hours).toEqual(expected.hours);
  expect(actual.objects).toEqual(expected.objects);
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
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe("the busiest objects", () => {
  // SQLite plans from the SQL alone (nothing here runs ANALYZE), so its plan on an empty table is
  // the plan it uses at ten million rows. PostgreSQL plans from statistics, and on a table this
  // small a sequential scan is its right choice: bench:query measures it at scale instead.
  it.runIf(testProvider() === "sqlite")(
    "are read by seeks of ObjectHour's indexes, never by a scan of it",
    async () => {
      const query = busiestObjectsQuery({ from: new Date(START), to: new Date(START + 30 * 24 * HOUR_MS) }, 10);
      const plan = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${query.sql}`, ...query.values);
      const objectHourReads = plan
        .map(({ detail }) => detail)
        .filter((detail) => /\bObjectHour|^(SCAN|SEARCH) [oi]\b/.test(detail));
      expect(objectHourReads.length).toBeGreaterThan(0);
      expect(objectHourReads.filter((detail) => detail.startsWith("SCAN"))).toEqual([]);
    },
  );
});
