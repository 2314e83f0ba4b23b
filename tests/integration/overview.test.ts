// A simulated day of mixed traffic through the receiver, with snapshot fetches and forward
// attempts beside it: every figure the overview shows equals what counting the tables directly
// gives, per hour and over the range, on the provider of the run.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as receive } from "../../app/api/webhooks/accelo/route";
import { db } from "../../lib/db/client";
import { createDestination } from "../../lib/forwarding/destinations";
import { settleForwardJob } from "../../lib/forwarding/jobs";
import { HOUR_MS } from "../../lib/insights/hours";
import { readOverview } from "../../lib/insights/overview";
import { overviewQuerySchema } from "../../lib/insights/overview-query";
import { signBody } from "../../lib/receiver/signature/sign";
import { insertSnapshot } from "../../lib/snapshots/queries";
import { destinationInput } from "./forwarding/fixtures";

const SECRET = "overview-secret";
const DAY_START = Date.parse("2026-11-27T00:00:00Z");
const EVENTS = ["assign_task", "create_task", "update_issue", "create_quote", "delete_activity"];
const SIGNATURES = ["valid", "valid", "valid", "invalid", "missing"] as const;

async function deliver(hour: number, index: number) {
  const event = EVENTS[(hour + index) % EVENTS.length];
  const objectId = 1 + ((hour * 7 + index * 3) % 11);
  const body =
    event === "delete_activity"
      ? `id=${objectId}`
      : `id=${objectId}&resource_url=${encodeURIComponent(`https://acme.api.accelo.com/api/v0/tasks/${objectId}`)}`;
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded", "x-accelo-event": event });
  const signature = SIGNATURES[(hour * 3 + index) % SIGNATURES.length];
  if (signature !== "missing") headers.set("x-hub-signature", signBody(body, signature === "valid" ? SECRET : "wrong"));
  vi.setSystemTime(DAY_START + hour * HOUR_MS + index * 60_000);
  const response = await receive(
    new Request("http://localhost/api/webhooks/accelo", { method: "POST", headers, body }),
  );
  return ((await response.json()) as { id?: number }).id;
}

const END = new Date(DAY_START + 24 * HOUR_MS);
let destinations: number[];

beforeAll(async () => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRET;
  vi.useFakeTimers({ toFake: ["Date"] });
  process.env.FORWARD_ALLOW_PRIVATE_NETWORKS = "true";
  destinations = [
    (await createDestination(destinationInput({ name: "crm", url: "http://127.0.0.1:9/crm" }))).id,
    (await createDestination(destinationInput({ name: "warehouse", url: "http://127.0.0.1:9/wh" }))).id,
  ];
  for (let hour = 0; hour < 24; hour++) {
    // Quiet nights, a busy afternoon.
    const count = hour < 6 ? hour % 2 : 3 + (hour % 5);
    for (let index = 0; index < count; index++) {
      const id = await deliver(hour, index);
      if (id === undefined || index > 1) continue;
      const fetchedAt = new Date(DAY_START + hour * HOUR_MS + 30 * 60_000);
      const error = index === 1 && hour % 3 === 0 ? (hour % 2 === 0 ? "not_found" : "rate_limited") : null;
      await insertSnapshot({
        resourceUrl: "https://acme.api.accelo.com/api/v0/tasks/1",
        resourceType: "tasks",
        resourceId: "1",
        trigger: "delivery",
        deliveryId: id,
        fetchedAt,
        httpStatus: error ? 404 : 200,
        durationMs: 5,
        error,
      });
      const destinationId = destinations[index % 2];
      const job = await db.forwardJob.create({
        data: { deliveryId: id, destinationId, trigger: "delivery", status: "running", lockedBy: "w" },
      });
      await settleForwardJob(
        { id: job.id, deliveryId: id, destinationId, trigger: "delivery", attempts: 0, createdAt: job.createdAt },
        "w",
        {
          startedAt: fetchedAt,
          durationMs: 3,
          httpStatus: hour % 4 === 0 ? 503 : 200,
          error: null,
          responseExcerpt: null,
        },
        { status: "done" },
      );
    }
  }
  vi.setSystemTime(END.getTime() - 60_000);
});

afterAll(() => {
  vi.useRealTimers();
  delete process.env.ACCELO_WEBHOOK_SECRET;
  delete process.env.FORWARD_ALLOW_PRIVATE_NETWORKS;
});

const between = (start: string, end: string) => ({ gte: new Date(start), lt: new Date(end) });

describe("the overview after a day of mixed traffic", () => {
  it("shows per hour and in total exactly what counting the tables gives", async () => {
    const query = overviewQuerySchema.parse({
      from: new Date(DAY_START).toISOString(),
      to: END.toISOString(),
      split: "event",
    });
    const overview = await readOverview(query, new Date(END.getTime() - 60_000));
    expect(overview.deliveries.buckets).toHaveLength(24);
    expect(overview.deliveries.total).toBe(await db.delivery.count());
    expect(overview.deliveries.total).toBeGreaterThan(80);

    for (const bucket of overview.deliveries.buckets) {
      const groups = await db.delivery.groupBy({
        by: ["signatureVerdict"],
        where: { receivedAt: between(bucket.start, bucket.end) },
        _count: { _all: true },
      });
      const counted = Object.fromEntries(groups.map((group) => [group.signatureVerdict, group._count._all]));
      expect({
        valid: bucket.valid,
        invalid: bucket.invalid,
        missing: bucket.missing,
        unverified: bucket.unverified,
      }).toEqual({
        valid: counted.valid ?? 0,
        invalid: counted.invalid ?? 0,
        missing: counted.missing ?? 0,
        unverified: counted.unverified ?? 0,
      });
    }
    const failures = await db.delivery.count({ where: { signatureVerdict: { in: ["invalid", "missing"] } } });
    expect(overview.deliveries.invalid + overview.deliveries.missing).toBe(failures);
    expect(overview.deliveries.failureRate).toBeCloseTo(failures / overview.deliveries.total, 10);

    const events = await db.delivery.groupBy({ by: ["eventId"], _count: { _all: true } });
    expect(
      Object.fromEntries(overview.events?.names.map((name, index) => [name, overview.events?.totals[index]]) ?? []),
    ).toEqual(Object.fromEntries(events.map((group) => [group.eventId, group._count._all])));

    const fetches = await db.snapshot.groupBy({ by: ["error"], _count: { _all: true } });
    expect(overview.fetches.succeeded).toBe(fetches.find((group) => group.error === null)?._count._all);
    expect(overview.fetches.failures).toEqual(
      fetches
        .filter((group) => group.error !== null)
        .map((group) => ({ outcome: group.error, count: group._count._all }))
        .sort((a, b) => b.count - a.count || String(a.outcome).localeCompare(String(b.outcome))),
    );
    for (const bucket of overview.fetches.buckets) {
      expect(bucket.succeeded + bucket.failed).toBe(
        await db.snapshot.count({ where: { fetchedAt: between(bucket.start, bucket.end) } }),
      );
    }

    for (const destinationId of destinations) {
      const attempts = await db.forwardAttempt.count({ where: { destinationId } });
      const succeeded = await db.forwardAttempt.count({ where: { destinationId, httpStatus: { gte: 200, lt: 300 } } });
      expect(overview.forwarding.find((entry) => entry.destinationId === destinationId)).toMatchObject({
        succeeded,
        failed: attempts - succeeded,
      });
    }

    const objects = await db.delivery.groupBy({
      by: ["resourceType", "resourceId"],
      where: { resourceType: { not: null }, resourceId: { not: null } },
      _count: { _all: true },
      orderBy: [{ _count: { resourceId: "desc" } }, { resourceType: "asc" }, { resourceId: "asc" }],
      take: 10,
    });
    expect(overview.busiestObjects).toEqual(
      objects.map((group) => ({
        resourceType: group.resourceType,
        resourceId: group.resourceId,
        count: group._count._all,
      })),
    );
  });

  it("sums the hours of each UTC day over longer ranges, the first day cut at the range's start", async () => {
    const from = new Date(DAY_START - 36 * HOUR_MS).toISOString();
    const query = overviewQuerySchema.parse({ from, to: END.toISOString(), split: "event" });
    const overview = await readOverview(query, new Date(END.getTime() - 60_000));
    expect(overview.window.bucket).toBe("day");
    expect(overview.deliveries.buckets.map((bucket) => bucket.start)).toEqual([
      from,
      "2026-11-26T00:00:00.000Z",
      "2026-11-27T00:00:00.000Z",
    ]);
    for (const [index, bucket] of overview.deliveries.buckets.entries()) {
      const where = { receivedAt: between(bucket.start, bucket.end) };
      expect(bucket.valid + bucket.invalid + bucket.missing + bucket.unverified).toBe(
        await db.delivery.count({ where }),
      );
      expect(bucket.invalid).toBe(await db.delivery.count({ where: { ...where, signatureVerdict: "invalid" } }));
      const events = overview.events?.buckets[index];
      expect((events?.counts.reduce((sum, count) => sum + count, 0) ?? 0) + (events?.other ?? 0)).toBe(
        await db.delivery.count({ where }),
      );
    }
  });

  it("counts the last 24 hours as the current hour and the 23 before it", async () => {
    const overview = await readOverview(overviewQuerySchema.parse({}), new Date(END.getTime() - 60_000));
    expect(overview.window).toMatchObject({
      from: new Date(DAY_START).toISOString(),
      to: END.toISOString(),
      bucket: "hour",
    });
    expect(overview.deliveries.total).toBe(await db.delivery.count());
  });
});
